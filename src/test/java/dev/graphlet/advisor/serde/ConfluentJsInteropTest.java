package dev.graphlet.advisor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import dev.graphlet.advisor.testing.RealKafka;
import dev.graphlet.advisor.testing.RealKafkaTest;
import dev.graphlet.advisor.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Confluent's own JavaScript client and Avro serde ({@code @confluentinc/schemaregistry}, run with Node) against
 * the embedded registry and a real broker: the registry API answers as Confluent's client expects, and records
 * cross between the two serdes in both directions.
 */
class ConfluentJsInteropTest {

    private static final Path JS_DIR = Path.of(System.getProperty("advisor.project.dir", "."), "src/test/js");

    @RealKafkaTest
    void confluentsJavaScriptSerdeAndTheJavaSerdeExchangeRecords(RealKafka kafka) throws Exception {
        assertThat(JS_DIR.resolve("node_modules/@confluentinc/schemaregistry")).as("npm ci in src/test/js").exists();
        String fromJs = RealKafka.uniqueTopic("interop-from-js");
        String fromJava = RealKafka.uniqueTopic("interop-from-java");
        TestTopics.create(kafka, List.of(fromJs, fromJava), 1);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                RealKafka.uniqueTopic("_schemas"), "localhost", 0, Optional.empty())) {
            Map<String, Object> props = new HashMap<>(kafka.clientProps());
            props.put("schema.registry.url", registry.url());
            // Register the schema as the .avsc states it (without the Java-only avro.java.string properties),
            // so Confluent's JavaScript client, registering the .avsc text, finds the very same id.
            props.put("avro.remove.java.properties", "true");
            List<ExecutionEvent> records = GoldenRecords.all();

            int javaId = produceFromJava(props, fromJava, records);
            JsonNode report = runConfluentJs(kafka.bootstrapServers(), registry.url(), fromJs, fromJava, records.size());

            // The registry API, as Confluent's client sees it.
            assertThat(report.path("registeredId").asInt()).isEqualTo(javaId);
            assertThat(report.path("lookupId").asInt()).isEqualTo(javaId);
            assertThat(report.path("latestId").asInt()).isEqualTo(javaId);
            assertThat(report.path("latestVersion").asInt()).isEqualTo(1);
            assertThat(report.path("byIdName").asText()).isEqualTo("ExecutionEvent");
            assertThat(report.path("versions").toString()).isEqualTo("[1]");
            assertThat(report.path("subjects").toString()).contains(fromJs + "-value", fromJava + "-value");
            assertThat(report.path("defaultCompatibility").asText()).isEqualTo("BACKWARD");
            assertThat(report.path("evolvedCompatible").asBoolean()).isTrue();
            assertThat(report.path("brokenCompatible").asBoolean()).isFalse();
            assertThat(report.path("brokenRegistered").asBoolean()).isFalse();
            assertThat(report.path("brokenStatus").asInt()).isEqualTo(409);
            assertThat(report.path("brokenErrorCode").asInt()).isEqualTo(409);
            assertThat(report.path("unknownIdStatus").asInt()).isEqualTo(404);
            assertThat(report.path("unknownIdErrorCode").asInt()).isEqualTo(40403);

            // Java -> JavaScript
            JsonNode consumed = report.path("consumed");
            assertThat(consumed.size()).isEqualTo(records.size());
            for (int i = 0; i < records.size(); i++) {
                ExecutionEvent sent = records.get(i);
                JsonNode got = consumed.get(i).path("value");
                assertThat(consumed.get(i).path("key").asText()).isEqualTo(sent.getPipelineId());
                assertThat(got.path("eventId").asText()).isEqualTo(sent.getEventId());
                assertThat(got.path("eventTime").asLong()).isEqualTo(sent.getEventTime().toEpochMilli());
                assertThat(got.path("runId").isNull() ? null : got.path("runId").asText()).isEqualTo(sent.getRunId());
                assertThat(got.path("state").asText()).isEqualTo(sent.getState().name());
                assertThat(got.path("inputs").size()).isEqualTo(sent.getInputs().size());
                if (sent.getCost() == null) {
                    assertThat(got.path("cost").isNull()).isTrue();
                } else { // JSON prints -0.0 as 0: compare numerically
                    assertThat(got.path("cost").asDouble()).isCloseTo(sent.getCost(), within(0.0));
                }
                sent.getMetrics().forEach((name, value) -> assertThat(got.path("metrics").path(name).asDouble()).isEqualTo(value));
            }

            // JavaScript -> Java
            assertThat(report.path("produced").asInt()).isEqualTo(records.size());
            assertThat(consumeInJava(props, fromJs, records.size())).containsExactlyElementsOf(records);
        }
    }

    private static int produceFromJava(Map<String, Object> props, String topic, List<ExecutionEvent> records)
            throws Exception {
        SpecificAvroSerde<ExecutionEvent> serde = new SpecificAvroSerde<>(ExecutionEvent.class);
        serde.configure(props, false);
        Map<String, Object> producerProps = new HashMap<>(props);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, ExecutionEvent> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), serde.serializer())) {
            for (ExecutionEvent record : records) {
                producer.send(new ProducerRecord<>(topic, record.getPipelineId(), record)).get();
            }
        }
        return java.nio.ByteBuffer.wrap(serde.serializer().serialize(topic, records.get(0)), 1, 4).getInt();
    }

    private static List<ExecutionEvent> consumeInJava(Map<String, Object> props, String topic, int expected) {
        SpecificAvroSerde<ExecutionEvent> serde = new SpecificAvroSerde<>(ExecutionEvent.class);
        serde.configure(props, false);
        Map<String, Object> consumerProps = new HashMap<>(props);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "java-interop-" + topic);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ExecutionEvent> received = new ArrayList<>();
        try (KafkaConsumer<String, ExecutionEvent> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
        }
        return received;
    }

    private static JsonNode runConfluentJs(String bootstrap, String registryUrl, String fromJs, String fromJava,
                                           int expected) throws Exception {
        Path stderr = Files.createTempFile("interop", ".err");
        stderr.toFile().deleteOnExit();
        Process node = new ProcessBuilder("node", "interop.js", bootstrap, registryUrl, fromJs, fromJava,
                String.valueOf(expected))
                .directory(JS_DIR.toFile())
                .redirectError(stderr.toFile())
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        String err = Files.readString(stderr);
        assertThat(finished).as("node interop.js finished; stderr: " + err).isTrue();
        assertThat(node.exitValue()).as("node interop.js exit; stderr: " + err).isZero();
        return new ObjectMapper().readTree(out);
    }
}
