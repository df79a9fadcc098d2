package dev.graphlet.advisor.testing;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Provides {@link RealKafka} brokers to {@link RealKafkaTest} methods. The system property
 * {@code advisor.test.brokers} narrows the kinds run ({@code embedded}, {@code container}; default both).
 */
public final class RealKafkaExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealKafkaExtension.class);
    static final String CONTAINER_IMAGE = System.getProperty("advisor.test.kafka-image", "apache/kafka:4.1.1");

    private enum Kind {
        EMBEDDED("embedded KRaft"), CONTAINER("apache/kafka container");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        String wanted = System.getProperty("advisor.test.brokers", "embedded,container");
        return Stream.of(Kind.values())
                .filter(kind -> wanted.contains(kind.name().toLowerCase()))
                .map(Invocation::new);
    }

    private record Invocation(Kind kind) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + kind.label + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new BrokerResolver(kind));
        }
    }

    private static final class BrokerResolver implements ParameterResolver, BeforeEachCallback {
        private final Kind kind;

        BrokerResolver(Kind kind) {
            this.kind = kind;
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            if (kind == Kind.CONTAINER) {
                Assumptions.assumeTrue(dockerAvailable(), "Docker is not available: the apache/kafka container run is skipped");
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RealKafka.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
            return store.getOrComputeIfAbsent(kind, k -> start(kind), Running.class);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static Running start(Kind kind) {
        try {
            return kind == Kind.EMBEDDED ? Running.embedded() : Running.container();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the " + kind.label + " broker: " + e.getMessage(), e);
        }
    }

    /** A started broker, closed by JUnit when the run ends. */
    @SuppressWarnings("try") // close() may throw InterruptedException: it stops a broker
    private static final class Running implements RealKafka, ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final String kind;
        private final String bootstrap;
        private final AutoCloseable resource;

        private Running(String kind, String bootstrap, AutoCloseable resource) {
            this.kind = kind;
            this.bootstrap = bootstrap;
            this.resource = resource;
        }

        static Running embedded() throws Exception {
            // The test kit defaults to the newest *testing* metadata version (unreleased features): a real
            // broker runs the latest production one.
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new Running(Kind.EMBEDDED.label, cluster.bootstrapServers(), cluster);
        }

        static Running container() {
            KafkaContainer container = new KafkaContainer(CONTAINER_IMAGE);
            container.start();
            return new Running(Kind.CONTAINER.label, container.getBootstrapServers(), container::stop);
        }

        @Override
        public String bootstrapServers() {
            return bootstrap;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
