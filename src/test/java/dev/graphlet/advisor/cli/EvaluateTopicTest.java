package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import dev.graphlet.advisor.testing.RealKafka;
import dev.graphlet.advisor.testing.RealKafkaTest;
import dev.graphlet.advisor.testing.TestTopics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --topic} then {@code evaluate --topic}: the same table as the same trace read from a file. */
class EvaluateTopicTest {

    @TempDir
    Path scratch;

    @RealKafkaTest
    void aTraceInATopicEvaluatesLikeTheSameTraceInAFile(RealKafka kafka) throws Exception {
        String topic = RealKafka.uniqueTopic("evaluate-events");
        TestTopics.create(kafka, List.of(topic), 2);
        Path dir = scratch;
        Path file = dir.resolve("trace.avro");
        String[] fleet = {"--pipelines", "15", "--days", "8", "--seed", "3"};
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                RealKafka.uniqueTopic("_schemas"), "localhost", 0, Optional.empty())) {
            String[] connection = {"--bootstrap", kafka.bootstrapServers(), "--registry", registry.url()};
            CliRun toTopic = CliRun.of(concat(concat(new String[] {"simulate", "--topic", topic}, fleet), connection));
            CliRun toFile = CliRun.of(concat(new String[] {"simulate", "--out", file.toString()}, fleet));
            assertThat(toTopic.exitCode()).as(toTopic.err()).isZero();
            assertThat(toFile.exitCode()).as(toFile.err()).isZero();

            CliRun fromTopic = CliRun.of(concat(new String[] {"evaluate", "--topic", topic, "--plot", dir.resolve("t.png").toString()}, connection));
            CliRun fromFile = CliRun.of("evaluate", "--input", file.toString(), "--plot", dir.resolve("t.png").toString());

            assertThat(fromTopic.exitCode()).as(fromTopic.err()).isZero();
            assertThat(fromTopic.err()).doesNotContain("warning");
            assertThat(fromTopic.out()).contains("| never-skip | 0.0% |", "| perfect-foresight | 100.0% |").isEqualTo(fromFile.out());

            // The topology's replay, too: the topic's report is the file's.
            CliRun replayTopic = CliRun.of(concat(new String[] {"replay", "--topic", topic, "--report", dir.resolve("rt").toString()}, connection));
            CliRun replayFile = CliRun.of("replay", "--input", file.toString(), "--report", dir.resolve("rf").toString());
            assertThat(replayTopic.exitCode()).as(replayTopic.err()).isZero();
            assertThat(replayFile.exitCode()).as(replayFile.err()).isZero();
            com.fasterxml.jackson.databind.node.ObjectNode fromTopicReport = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("rt/report.json").toFile());
            com.fasterxml.jackson.databind.node.ObjectNode fromFileReport = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("rf/report.json").toFile());
            assertThat(fromTopicReport.remove("input").asText()).isEqualTo(topic);
            fromFileReport.remove("input");
            assertThat(fromTopicReport.path("graphlets").asLong()).isPositive();
            assertThat(fromTopicReport).isEqualTo(fromFileReport);

            // Records deleted from the topic's start (as retention deletes past-dated history) are reported, not
            // passed over in silence; what is left is still evaluated.
            try (Admin admin = Admin.create(kafka.clientProps())) {
                admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(7)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            CliRun truncated = CliRun.of(concat(new String[] {"evaluate", "--topic", topic, "--plot", dir.resolve("t.png").toString()}, connection));
            assertThat(truncated.exitCode()).as(truncated.err()).isZero();
            assertThat(truncated.err()).contains("warning: Topic " + topic + " has lost its first 7 records (partition 0: 7):"
                    + " they were deleted, so the trace starts after them");
            assertThat(truncated.out()).contains("| never-skip | 0.0% |").isNotEqualTo(fromTopic.out());

            CliRun missing = CliRun.of(concat(new String[] {"evaluate", "--topic", "no-such-topic-here"}, connection));
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err().strip()).doesNotContain("\n").contains("no-such-topic-here");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
