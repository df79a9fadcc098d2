package dev.graphlet.advisor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.registry.RegistryClientConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack keeps its data across restarts: topics, and schema ids in the registry's topic. */
class LocalStackTest {

    @TempDir
    Path dataDir;

    @Test
    void schemaIdsAndTopicsSurviveARestartOnTheSameDirectory() throws Exception {
        int eventsId;
        int outcomesId;
        try (LocalStack stack = LocalStack.start(dataDir, 0, 0, Topics.DEFAULTS, 3)) {
            SchemaRegistryClient registry = client(stack);
            eventsId = registry.register("mlmd.execution-events-value", ExecutionEvent.getClassSchema());
            outcomesId = registry.register("advisor.graphlet-outcomes-value", GraphletOutcome.getClassSchema());

            try (Admin admin = admin(stack)) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(names).containsAll(Topics.DEFAULTS.streamTopics()).contains("advisor.model", "_schemas");
                TopicDescription events = admin.describeTopics(List.of("mlmd.execution-events"))
                        .allTopicNames().get(30, TimeUnit.SECONDS).get("mlmd.execution-events");
                assertThat(events.partitions()).hasSize(3);
                var model = new ConfigResource(ConfigResource.Type.TOPIC, "advisor.model");
                var input = new ConfigResource(ConfigResource.Type.TOPIC, "mlmd.execution-events");
                var configs = admin.describeConfigs(List.of(model, input)).all().get(30, TimeUnit.SECONDS);
                assertThat(configs.get(model).get("cleanup.policy").value()).isEqualTo("compact");
                // Replayed records carry their past event time: time-based retention would delete them unread.
                assertThat(configs.get(input).get("retention.ms").value()).isEqualTo("-1");
            }
        }

        try (LocalStack restarted = LocalStack.start(dataDir, 0, 0, Topics.DEFAULTS, 3)) {
            SchemaRegistryClient registry = client(restarted);
            assertThat(registry.schemaById(eventsId)).isEqualTo(ExecutionEvent.getClassSchema());
            assertThat(registry.schemaById(outcomesId)).isEqualTo(GraphletOutcome.getClassSchema());
            assertThat(registry.register("mlmd.execution-events-value", ExecutionEvent.getClassSchema())).isEqualTo(eventsId);
            assertThat(registry.subjects()).containsExactly("advisor.graphlet-outcomes-value", "mlmd.execution-events-value");
            assertThat(registry.register("advisor.advisories-value", Advisory.getClassSchema()))
                    .isEqualTo(Math.max(eventsId, outcomesId) + 1);
        }
    }

    private static SchemaRegistryClient client(LocalStack stack) {
        return RegistryClientConfig.connect(Map.of("schema.registry.url", stack.registryUrl()));
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
