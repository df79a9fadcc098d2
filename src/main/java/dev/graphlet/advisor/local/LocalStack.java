package dev.graphlet.advisor.local;

import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The embedded default: a local KRaft broker, the embedded schema registry persisted in the broker, and the
 * advisor's topics. What {@code ./advisor local} runs, and what the demo builds on.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private LocalStack(LocalBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /**
     * Starts broker and registry, and creates the topics that are missing.
     *
     * @param dataDir      where the broker keeps its data (reused on restart)
     * @param kafkaPort    client port of the broker (0: any free port)
     * @param registryPort port of the registry (0: any free port)
     * @param partitions   partitions of each advisor topic created here
     */
    public static LocalStack start(Path dataDir, int kafkaPort, int registryPort, Topics topics, int partitions)
            throws IOException {
        LocalBroker broker = LocalBroker.start(dataDir, kafkaPort);
        try {
            Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            ensureTopics(client, topics, partitions);
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(client), topics.schemas(),
                    "localhost", registryPort, Optional.empty());
            return new LocalStack(broker, registry);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /**
     * A topic of records stamped with their event time, which in a replay lies in the past: time-based retention would
     * delete them while they are read (the consumer then skips to the log start), so it is off.
     */
    public static NewTopic streamTopic(String name, int partitions) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
    }

    /** Creates the advisor's topics that do not exist yet; existing ones are left as they are. */
    public static void ensureTopics(Map<String, Object> clientProps, Topics topics, int partitions) {
        try (Admin admin = Admin.create(clientProps)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.streamTopics()) {
                if (!existing.contains(name)) {
                    missing.add(streamTopic(name, partitions));
                }
            }
            for (String name : topics.compactedTopics()) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                }
            }
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create the advisor's topics: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating the advisor's topics: is Kafka reachable?", e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public Path dataDir() {
        return broker.dataDir();
    }

    @Override
    public void close() {
        registry.close();
        broker.close();
    }
}
