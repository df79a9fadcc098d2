package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.bench.TfxRun;
import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import dev.graphlet.advisor.serde.AvroSerializer;
import dev.graphlet.advisor.testing.CaughtUp;
import dev.graphlet.advisor.testing.RealKafka;
import dev.graphlet.advisor.testing.RealKafkaTest;
import dev.graphlet.advisor.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The advisor on a real broker, with the Avro serdes and the embedded registry, exactly-once: a run stopped and
 * restarted mid-stream writes the same records on every output topic, read with read_committed, as an
 * uninterrupted run of the same input.
 */
public class AdvisorOnBrokerTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    static final int PARTITIONS = 3;

    @RealKafkaTest
    void aRestartedRunWritesWhatAnUninterruptedRunWrites(RealKafka kafka) throws Exception {
        String prefix = RealKafka.uniqueTopic("it");
        String events = prefix + ".events";
        String feedback = prefix + ".feedback";
        TestTopics.create(kafka, List.of(events, feedback, prefix + ".control"), PARTITIONS);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                prefix + "._schemas", "localhost", 0, Optional.empty())) {
            List<ExecutionEvent> input = fleet();
            int graphlets = produce(kafka, registry, events, input);

            Map<String, Set<String>> uninterrupted = run(kafka, registry, prefix, "a", events, feedback, graphlets, false);
            Map<String, Set<String>> restarted = run(kafka, registry, prefix, "b", events, feedback, graphlets, true);

            assertThat(uninterrupted.get("outcomes")).hasSize(graphlets);
            assertThat(uninterrupted.get("waste-metrics")).anySatisfy(metrics -> assertThat(metrics).startsWith("fleet|"))
                .anySatisfy(metrics -> assertThat(metrics).startsWith("p0|"));
            assertThat(uninterrupted.get("advisories")).isNotEmpty();
            assertThat(uninterrupted.get("model")).isNotEmpty();
            assertThat(uninterrupted.get("dead-letters")).hasSize(3)
                    .anySatisfy(letter -> assertThat(letter).endsWith("|WRONG_MAGIC_BYTE")
                            .contains(java.util.HexFormat.of().formatHex("not avro".getBytes(StandardCharsets.UTF_8))))
                    .anySatisfy(letter -> assertThat(letter).endsWith("|UNKNOWN_SCHEMA_ID"))
                    .anySatisfy(letter -> assertThat(letter).endsWith("|INVALID_COST"));
            for (String output : uninterrupted.keySet()) {
                assertThat(restarted.get(output)).as(output).isEqualTo(uninterrupted.get(output));
            }
        }
    }

    /** 12 pipelines x 6 runs: pushed, not pushed, not blessed, failed, and lineage-only runs. */
    static List<ExecutionEvent> fleet() {
        List<ExecutionEvent> all = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            for (int r = 0; r < 6; r++) {
                long start = T0 + r * Duration.ofHours(5).toMillis() + p * 60_000L;
                String id = "p" + p + "-r" + r;
                TfxRun run = (p % 4 == 3) ? TfxRun.lineageOnly("p" + p, id, start) : TfxRun.withRunId("p" + p, id, start);
                switch ((p + r) % 5) {
                    case 1 -> run.pushed("0");
                    case 2 -> run.blessed("0").pusher(ExecutionState.CANCELED);
                    case 3 -> run.trainer(ExecutionState.FAILED);
                    default -> { }
                }
                all.addAll(run.events());
            }
        }
        all.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
        return all;
    }

    private static int produce(RealKafka kafka, EmbeddedSchemaRegistry registry, String topic, List<ExecutionEvent> input)
            throws Exception {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerializer<ExecutionEvent> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", registry.url(), "avro.remove.java.properties", "true"), false);
        Set<String> graphlets = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            int i = 0;
            for (ExecutionEvent event : input) {
                producer.send(new ProducerRecord<>(topic, null, event.getEventTime().toEpochMilli(), event.getPipelineId(),
                        values.serialize(topic, event)));
                graphlets.add(event.getPipelineId() + "/" + (event.getRunId() != null ? event.getRunId()
                        : event.getExecutionId().substring(0, event.getExecutionId().lastIndexOf('-'))));
                if (++i == input.size() / 2) { // bad input in the middle: dead-lettered, processing goes on
                    long at = event.getEventTime().toEpochMilli();
                    producer.send(new ProducerRecord<>(topic, null, at, "p1", "not avro".getBytes(StandardCharsets.UTF_8)));
                    producer.send(new ProducerRecord<>(topic, null, at, "p2", new byte[] {0, 0, 0, 0x30, 0x39, 2}));
                    ExecutionEvent negative = ExecutionEvent.newBuilder(event).setEventId("bad-cost").setCost(-5.0).build();
                    producer.send(new ProducerRecord<>(topic, null, event.getEventTime().toEpochMilli(),
                            negative.getPipelineId(), values.serialize(topic, negative)));
                }
            }
            long end = input.get(input.size() - 1).getEventTime().toEpochMilli() + 60_000;
            for (int partition = 0; partition < PARTITIONS; partition++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(AdvisorTopology.CONTROL_HEADER, AdvisorTopology.END_OF_INPUT.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic, partition, end, "control", null, headers));
            }
            producer.flush();
        }
        return graphlets.size();
    }

    private static Map<String, Set<String>> run(RealKafka kafka, EmbeddedSchemaRegistry registry, String prefix,
                                                String name, String events, String feedback, int graphlets,
                                                boolean restartMidway) throws Exception {
        Map<String, String> outputs = Map.of(
                "advisories", prefix + "." + name + ".advisories",
                "outcomes", prefix + "." + name + ".outcomes",
                "waste-metrics", prefix + "." + name + ".waste-metrics",
                "dead-letters", prefix + "." + name + ".dead-letters",
                "model", prefix + "." + name + ".model");
        TestTopics.create(kafka, outputs.values(), PARTITIONS);
        Map<String, String> settings = new HashMap<>();
        settings.put("application.id", prefix + "-" + name);
        settings.put("advisor.topic.events", events);
        settings.put("advisor.topic.feedback", feedback);
        settings.put("advisor.topic.advisories", outputs.get("advisories"));
        settings.put("advisor.topic.outcomes", outputs.get("outcomes"));
        settings.put("advisor.topic.waste-metrics", outputs.get("waste-metrics"));
        settings.put("advisor.topic.dead-letters", outputs.get("dead-letters"));
        settings.put("advisor.topic.model", outputs.get("model"));
        settings.put("advisor.topic.control", prefix + ".control");
        // The advisor scores and advises as in production, from the shipped starting model, and acts (ACTIVE): its
        // model is state like any other, so a restart must not change a single advisory.
        settings.put("advisor.policy.mode", "ACTIVE");
        settings.put("advisor.scoring.snapshot-every", "20");
        java.nio.file.Path model = Files.createTempFile("advisor-it-model", ".json");
        model.toFile().deleteOnExit();
        try (java.io.InputStream in = AdvisorOnBrokerTest.class.getResourceAsStream("/models/starting-model.json")) {
            Files.write(model, in.readAllBytes());
        }
        settings.put("advisor.scoring.model-file", model.toString());
        settings.put("advisor.graphlet.inactivity-timeout", "2h");
        settings.put("advisor.metrics.window-grace", "1h");
        settings.put("commit.interval.ms", "200");
        settings.put("num.stream.threads", "1");

        try (dev.graphlet.advisor.local.ScratchDir state = dev.graphlet.advisor.local.ScratchDir.create("advisor-it")) {
            settings.put("state.dir", state.path().toString());
            return runAdvisor(kafka, registry, settings, outputs, graphlets, restartMidway);
        }
    }

    private static Map<String, Set<String>> runAdvisor(RealKafka kafka, EmbeddedSchemaRegistry registry, Map<String, String> settings,
                                                       Map<String, String> outputs, int graphlets, boolean restartMidway) throws Exception {
        assertThat(CaughtUp.caughtUp(kafka, settings.get("application.id"), sources(settings)))
                .as("nothing processed yet").isFalse();
        AdvisorApplication first = start(kafka, registry, settings);
        if (restartMidway) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.counters().get("events") > 300);
            first.close();
            AdvisorApplication second = start(kafka, registry, settings); // same state directory, as a restarted service
            awaitDone(kafka, settings, outputs.get("outcomes"), graphlets, second);
            second.close();
        } else {
            awaitDone(kafka, settings, outputs.get("outcomes"), graphlets, first);
            first.close();
        }
        Map<String, Set<String>> read = new HashMap<>();
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            read.put(output.getKey(), readCommitted(kafka, output.getValue()));
        }
        return read;
    }

    private static AdvisorApplication start(RealKafka kafka, EmbeddedSchemaRegistry registry, Map<String, String> settings)
            throws Exception {
        Map<String, String> props = new HashMap<>(settings);
        java.nio.file.Path file = Files.createTempFile("advisor-it", ".properties");
        file.toFile().deleteOnExit();
        StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text);
        AdvisorConfig config = AdvisorConfig.load(Optional.of(file), Map.of(), Optional.of(kafka.bootstrapServers()),
                Optional.of(registry.url()));
        AdvisorApplication app = AdvisorApplication.create(config, dev.graphlet.advisor.scoring.ScoringConfig.advising(config));
        app.start();
        return app;
    }

    /**
     * Every graphlet's outcome committed, then everything downstream of it too: the fleet windows are written by a
     * task of their own, after a repartition, so the outcomes alone do not say the run is over.
     */
    private static void awaitDone(RealKafka kafka, Map<String, String> settings, String topic, int expected, AdvisorApplication app) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .conditionEvaluationListener(c -> System.err.println(c.getValue() + " outcomes; " + app.streams().state() + " " + app.counters().snapshot()))
                .until(() -> readCommitted(kafka, topic).size(), count -> count >= expected);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> CaughtUp.caughtUp(kafka, settings.get("application.id"), sources(settings)));
    }

    /** The topics the application's consumer group reads (the control topic feeds a global store: no group offsets). */
    private static Set<String> sources(Map<String, String> settings) {
        return Set.of(settings.get("advisor.topic.events"), settings.get("advisor.topic.feedback"));
    }

    /** Every committed record of a topic as "key|value bytes|headers of interest", a set. */
    public static Set<String> readCommitted(RealKafka kafka, String topic) {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> records = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offsets, read_committed
            // Up to the last stable offsets, however slowly a busy broker answers: a read cut short would pass for
            // lost records.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its last stable offsets " + end
                            + " within 60 s");
                }
                var batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    Header reason = r.headers().lastHeader("advisor.dlq.reason");
                    records.add(new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8) + "|"
                            + java.util.HexFormat.of().formatHex(r.value() == null ? new byte[0] : r.value()) + "|"
                            + (reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return records;
    }
}
