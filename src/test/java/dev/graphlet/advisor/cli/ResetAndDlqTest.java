package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlet.advisor.bench.TfxRun;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import dev.graphlet.advisor.testing.RealKafka;
import dev.graphlet.advisor.testing.RealKafkaTest;
import dev.graphlet.advisor.topology.AdvisorApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters listed and re-processed, and Kafka's own application reset, against a real broker. */
class ResetAndDlqTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path scratch;

    @RealKafkaTest
    void deadLettersAreListedAndReplayedAndTheApplicationIsReset(RealKafka kafka) throws Exception {
        String prefix = RealKafka.uniqueTopic("ops");
        Map<String, String> topics = dev.graphlet.advisor.testing.TestTopics.create(kafka, prefix, 2);
        dev.graphlet.advisor.testing.TestTopics.create(kafka, List.of(prefix + ".replayed"), 1);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                prefix + "._schemas", "localhost", 0, Optional.empty())) {
            Path state = scratch.resolve("state");
            StringBuilder props = new StringBuilder();
            topics.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
            props.append("application.id=").append(prefix).append('\n').append("state.dir=").append(state).append('\n')
                    .append("commit.interval.ms=200\nadvisor.scoring.enabled=false\n")
                    .append("bootstrap.servers=").append(kafka.bootstrapServers()).append('\n')
                    .append("schema.registry.url=").append(registry.url()).append('\n');
            Path file = scratch.resolve("advisor-ops.properties");
            Files.writeString(file, props);
            AdvisorConfig config = AdvisorConfig.load(Optional.of(file), Map.of(), Optional.empty(), Optional.empty());

            List<ExecutionEvent> run = TfxRun.withRunId("p1", "r1", T0).events();
            try (EventWriter writer = new EventWriter(kafka.bootstrapServers(), registry.url(), prefix + ".events")) {
                run.forEach(e -> {
                    try {
                        writer.send(e);
                    } catch (Exception x) {
                        throw new IllegalStateException(x);
                    }
                });
                writer.sendRaw(new ProducerRecord<>(prefix + ".events", null, T0, "p1", "not avro".getBytes(StandardCharsets.UTF_8)));
                writer.sendRaw(new ProducerRecord<>(prefix + ".events", null, T0, "p2", new byte[] {0, 0, 0, 0x30, 0x39, 2}));
                writer.flush();
            }
            try (AdvisorApplication app = AdvisorApplication.create(config, Optional.empty())) {
                app.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> app.counters().inputsHandled() >= run.size() + 2);
                await().atMost(Duration.ofSeconds(30)).until(() -> CliRun.of("dlq", "list", "--config", file.toString()).out().contains("UNKNOWN_SCHEMA_ID"));

                CliRun busy = CliRun.of("reset", "--config", file.toString());
                assertThat(busy.exitCode()).as("a running instance blocks the reset").isNotZero();
                assertThat(busy.err().strip()).doesNotContain("\n").contains("stop every advisor instance");
            }

            CliRun list = CliRun.of("dlq", "list", "--config", file.toString());
            assertThat(list.out()).contains("UNKNOWN_SCHEMA_ID\t1", "WRONG_MAGIC_BYTE\t1");
            CliRun dry = CliRun.of("dlq", "replay", "--reason", "WRONG_MAGIC_BYTE", "--dry-run", "--config", file.toString());
            assertThat(dry.out()).contains("Would replay 1 dead letter(s) of reason WRONG_MAGIC_BYTE", "to " + prefix + ".events: 1");
            CliRun replay = CliRun.of("dlq", "replay", "--to", prefix + ".replayed", "--config", file.toString());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("Replayed 2 dead letter(s)");
            java.util.Set<String> replayed = dev.graphlet.advisor.topology.AdvisorOnBrokerTest.readCommitted(kafka, prefix + ".replayed");
            assertThat(replayed).hasSize(2).anySatisfy(r -> assertThat(r).contains(
                    java.util.HexFormat.of().formatHex("not avro".getBytes(StandardCharsets.UTF_8))));

            CliRun reset = CliRun.of("reset", "--config", file.toString());
            assertThat(reset.exitCode()).as(reset.err()).isZero();
            assertThat(reset.out()).contains("Deleted the local state");
            assertThat(state.resolve(prefix)).doesNotExist();
            try (Admin admin = Admin.create(kafka.clientProps())) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(prefix)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> inputs = new HashMap<>();
                offsets.forEach((tp, offset) -> {
                    if (tp.topic().equals(prefix + ".events") || tp.topic().equals(prefix + ".feedback")) {
                        inputs.put(tp, offset);
                    }
                });
                assertThat(inputs).isNotEmpty();
                inputs.forEach((tp, offset) -> assertThat(offset.offset()).as(tp.toString()).isZero());
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).noneMatch(t -> t.startsWith(prefix + "-")
                        && t.endsWith("-changelog"));
            }
        }
    }
}
