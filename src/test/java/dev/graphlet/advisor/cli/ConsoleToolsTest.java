package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import dev.graphlet.advisor.testing.RealKafka;
import dev.graphlet.advisor.testing.RealKafkaTest;
import dev.graphlet.advisor.testing.TestTopics;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** {@code ./advisor produce} then {@code ./advisor tail} through a real broker and the embedded registry. */
class ConsoleToolsTest {

    private static final Path PROJECT = Path.of(System.getProperty("advisor.project.dir", "."));
    private final ObjectMapper json = new ObjectMapper();

    @RealKafkaTest
    void whatProduceWritesTailPrintsBackEqual(RealKafka kafka) throws Exception {
        String topic = RealKafka.uniqueTopic("console-events");
        createTopic(kafka, topic, 2);
        Path input = PROJECT.resolve("src/test/resources/console/events.jsonl");
        List<String> lines = Files.readAllLines(input).stream().filter(l -> !l.isBlank()).toList();
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                RealKafka.uniqueTopic("_schemas"), "localhost", 0, Optional.empty())) {
            String[] connection = {"--bootstrap", kafka.bootstrapServers(), "--registry", registry.url()};

            CliRun produced = CliRun.of(concat(new String[] {"produce", topic, "--schema",
                    PROJECT.resolve("schemas/ExecutionEvent.avsc").toString(), "--input", input.toString()}, connection));
            assertThat(produced.exitCode()).as(produced.err()).isZero();
            assertThat(produced.err()).contains("Produced 3 record(s)");

            CliRun tailed = CliRun.of(concat(new String[] {"tail", topic, "--from-beginning", "--max", "3",
                    "--print-key"}, connection));
            assertThat(tailed.exitCode()).as(tailed.err()).isZero();
            List<String> printed = tailed.out().lines().toList();
            assertThat(printed).hasSize(3);

            // Records of one key keep their order; across the two partitions only the set is fixed.
            List<JsonNode> expected = lines.stream().map(this::tree).toList();
            List<JsonNode> actual = printed.stream().map(line -> tree(line.substring(line.indexOf('\t') + 1))).toList();
            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(printed).allSatisfy(line -> assertThat(tree(line.substring(line.indexOf('\t') + 1))
                    .path("pipelineId").asText()).isEqualTo(line.substring(0, line.indexOf('\t'))));
        }
    }

    @RealKafkaTest
    void anUnreachableRegistryIsOneLine(RealKafka kafka) throws Exception {
        String topic = RealKafka.uniqueTopic("console-no-registry");
        createTopic(kafka, topic, 1);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = CliRun.of("tail", topic, "--bootstrap", kafka.bootstrapServers(),
                "--registry", "http://localhost:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n")
                .contains("Cannot use the schema registry at http://localhost:" + closedPort, "--registry");
    }

    @RealKafkaTest
    void aLineThatIsNotTheSchemaIsReportedByNumber(RealKafka kafka) throws Exception {
        String topic = RealKafka.uniqueTopic("console-bad-line");
        createTopic(kafka, topic, 1);
        Path bad = Files.createTempFile("bad", ".jsonl");
        bad.toFile().deleteOnExit();
        Files.writeString(bad, "{\"eventId\":\"only-this\"}\n");
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                RealKafka.uniqueTopic("_schemas"), "localhost", 0, Optional.empty())) {
            CliRun run = CliRun.of("produce", topic, "--schema", PROJECT.resolve("schemas/ExecutionEvent.avsc").toString(),
                    "--input", bad.toString(), "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip()).doesNotContain("\n").contains("Line 1", "ExecutionEvent");
        }
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static void createTopic(RealKafka kafka, String topic, int partitions) throws Exception {
        TestTopics.create(kafka, List.of(topic), partitions);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
