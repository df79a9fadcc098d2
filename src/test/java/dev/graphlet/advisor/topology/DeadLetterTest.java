package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.graphlet.RejectionReason;
import dev.graphlet.advisor.bench.TfxRun;
import dev.graphlet.advisor.registry.MockSchemaRegistry;
import dev.graphlet.advisor.serde.AvroSerializer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Every class of bad input goes to the dead-letter topic through Kafka Streams' own DLQ support, with the original
 * bytes, Kafka's error headers and the advisor's reason header; it is counted per reason, and processing goes on.
 */
class DeadLetterTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();

    private static ExecutionEvent valid(String eventId) {
        return ExecutionEvent.newBuilder(TfxRun.withRunId("p1", "r-" + eventId, T0).events().get(0)).setEventId(eventId).build();
    }

    private static void assertLetter(TopologyHarness h, RejectionReason reason, byte[] originalValue, String detail) {
        assertLetter(h, reason, originalValue, detail, 0);
    }

    private static void assertLetter(TopologyHarness h, RejectionReason reason, byte[] originalValue, String detail,
                                     long countBefore) {
        List<TestRecord<byte[], byte[]>> letters = h.deadLetters.readRecordsToList();
        assertThat(letters).as("dead letters for " + reason).hasSize(1);
        TestRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(header(letter, DeadLetters.REASON_HEADER)).isEqualTo(reason.name());
        assertThat(header(letter, DeadLetters.DETAIL_HEADER)).contains(detail);
        assertThat(header(letter, "__streams.errors.topic")).isEqualTo("mlmd.execution-events");
        assertThat(header(letter, "__streams.errors.exception")).isNotBlank();
        if (originalValue != null) {
            assertThat(letter.value()).isEqualTo(originalValue);
        }
        assertThat(h.counters.get("dead-letters." + reason)).isEqualTo(countBefore + 1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytesOf(TopologyHarness h, ExecutionEvent event) {
        AvroSerializer<ExecutionEvent> serializer = new AvroSerializer<>();
        serializer.configure(h.serdeConfig, false);
        return serializer.serialize("mlmd.execution-events", event);
    }

    /** After the bad record, a good run still goes through. */
    private static void assertProcessingGoesOn(TopologyHarness h) {
        List<ExecutionEvent> run = TfxRun.withRunId("p9", "after", T0 + Duration.ofDays(2).toMillis()).events();
        h.pipe(run);
        h.tick(run.get(run.size() - 1).getEventTime().toEpochMilli() + Duration.ofHours(1).toMillis());
        assertThat(h.outcomesOf("p9")).hasSize(1);
    }

    @Test
    void bytesWithoutTheMagicByteAreWrongMagicByte() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            byte[] json = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
            h.rawEvents.pipeInput("p1", json);
            assertLetter(h, RejectionReason.WRONG_MAGIC_BYTE, json, "magic byte");
            byte[] truncated = {0, 0, 1};
            h.rawEvents.pipeInput("p1", truncated);
            assertLetter(h, RejectionReason.WRONG_MAGIC_BYTE, truncated, "5-byte", 1);
            assertProcessingGoesOn(h);
        }
    }

    @Test
    void anUnknownSchemaIdIsUnknownSchemaId() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'x'};
            h.rawEvents.pipeInput("p1", bytes);
            assertLetter(h, RejectionReason.UNKNOWN_SCHEMA_ID, bytes, "12345");
            assertProcessingGoesOn(h);
        }
    }

    @Test
    void aCorruptAvroBodyIsUndeserializable() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            byte[] good = bytesOf(h, valid("e1"));
            byte[] truncated = Arrays.copyOf(good, 12);
            h.rawEvents.pipeInput("p1", truncated);
            assertLetter(h, RejectionReason.UNDESERIALIZABLE, truncated, "does not decode");
            assertProcessingGoesOn(h);
        }
    }

    @Test
    void aWriterSchemaThatCannotBeReadIsIncompatibleSchema() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            Schema other = SchemaBuilder.record("ExecutionEvent").namespace("elsewhere").fields().requiredInt("n").endRecord();
            GenericRecord record = new GenericData.Record(other);
            record.put("n", 1);
            AvroSerializer<Object> serializer = new AvroSerializer<>();
            serializer.configure(Map.of("schema.registry.url", "mock://" + h.scope), false);
            byte[] bytes = serializer.serialize("somewhere-else", record);
            h.rawEvents.pipeInput("p1", bytes);
            assertLetter(h, RejectionReason.INCOMPATIBLE_SCHEMA, bytes, "cannot be read");
        }
    }

    @Test
    void anUnknownStateFromANewerWriterIsUnknownState() throws Exception {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            String text = ExecutionEvent.getClassSchema().toString().replace("\"UNKNOWN\"]", "\"UNKNOWN\",\"SKIPPED\"]");
            Schema newer = new Schema.Parser().parse(text);
            GenericRecord event = new GenericData.Record(newer);
            ExecutionEvent base = valid("e-newer");
            newer.getFields().forEach(f -> event.put(f.name(), GenericData.get().deepCopy(f.schema(), genericValue(base, f.name()))));
            event.put("eventTime", base.getEventTime().toEpochMilli());
            event.put("state", new GenericData.EnumSymbol(newer.getField("state").schema(), "SKIPPED"));
            event.put("inputs", new ArrayList<>());
            event.put("outputs", new ArrayList<>());
            AvroSerializer<Object> serializer = new AvroSerializer<>();
            serializer.configure(h.serdeConfig, false);
            byte[] bytes = serializer.serialize("mlmd.execution-events", event);

            h.rawEvents.pipeInput("p1", bytes);

            assertLetter(h, RejectionReason.UNKNOWN_STATE, bytes, "state");
        }
    }

    private static Object genericValue(ExecutionEvent event, String field) {
        Object value = event.get(field);
        return value instanceof Enum<?> e ? e.name() : value instanceof Instant ? null : value;
    }

    @Test
    void semanticFailuresAreDeadLetteredWithTheirOwnReasons() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            check(h, ExecutionEvent.newBuilder(valid("")).build(), "p1", RejectionReason.MISSING_REQUIRED_ID, "eventId");
            check(h, ExecutionEvent.newBuilder(valid("e2")).setExecutionId(" ").build(), "p1", RejectionReason.MISSING_REQUIRED_ID, "executionId");
            check(h, ExecutionEvent.newBuilder(valid("e3")).setCost(-1.0).build(), "p1", RejectionReason.INVALID_COST, "-1.0");
            check(h, ExecutionEvent.newBuilder(valid("e4")).setCost(Double.NaN).build(), "p1", RejectionReason.INVALID_COST, "NaN");
            check(h, valid("e5"), "another-pipeline", RejectionReason.KEY_MISMATCH, "another-pipeline");
            List<ArtifactRef> many = new ArrayList<>();
            for (int i = 0; i < 17; i++) {
                many.add(ArtifactRef.newBuilder().setArtifactId("a" + i).setType("Examples").build());
            }
            check(h, ExecutionEvent.newBuilder(valid("e6")).setInputs(many).build(), "p1", RejectionReason.OVERSIZED, "17 artifacts");
            assertProcessingGoesOn(h);
        }
    }

    private static void check(TopologyHarness h, ExecutionEvent event, String key, RejectionReason reason, String detail) {
        long before = h.counters.get("dead-letters." + reason);
        byte[] bytes = bytesOf(h, event);
        h.rawEvents.pipeInput(key, bytes);
        assertLetter(h, reason, bytes, detail, before);
    }

    @Test
    void anEventForAFinalGraphletIsLate() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "done", T0).events();
            h.pipe(run);
            h.tick(T0 + Duration.ofHours(2).toMillis());
            assertThat(h.outcomesOf("p1")).hasSize(1);

            ExecutionEvent straggler = ExecutionEvent.newBuilder(run.get(4)).setEventId("straggler").build();
            byte[] bytes = bytesOf(h, straggler);
            h.rawEvents.pipeInput("p1", bytes);

            assertLetter(h, RejectionReason.LATE, bytes, "already final");
        }
    }

    @Test
    void anEventFromABrokenClockFarAheadIsAFutureEventTimeAndClosesNothing() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "open", T0).events();
            h.pipe(run.subList(0, 6));

            Instant ahead = Instant.now().plus(Duration.ofDays(400));
            ExecutionEvent broken = ExecutionEvent.newBuilder(TfxRun.withRunId("p2", "broken", T0).events().get(0))
                    .setEventId("broken-clock").setEventTime(ahead).build();
            byte[] bytes = bytesOf(h, broken);
            h.rawEvents.pipeInput("p2", bytes);
            assertLetter(h, RejectionReason.FUTURE_EVENT_TIME, bytes, "advisor.event-time.max-ahead");

            // The open run was not closed by the broken clock: it ends whole, with no LATE letters.
            h.pipe(run.subList(6, run.size()));
            h.tick(run.get(run.size() - 1).getEventTime().toEpochMilli() + Duration.ofHours(2).toMillis());
            assertThat(h.deadLetters.isEmpty()).isTrue();
            assertThat(h.outcomesOf("p1")).singleElement().satisfies(o -> assertThat(o.getTotalCostMilli()).isEqualTo(16_000));
            assertThat(h.outcomesOf("p2")).isEmpty();
        }
    }

    @Test
    void aRecordWithoutValueIsEmpty() {
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            h.rawEvents.pipeInput("p1", (byte[]) null);
            assertLetter(h, RejectionReason.EMPTY, null, "no value");
        }
    }

    @Test
    void anUnreachableRegistryIsRetriedNotDeadLettered() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> down = Map.of("schema.registry.url", "http://localhost:" + closedPort,
                "max.retries", "0", "retries.wait.ms", "1");
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty(), down)) {
            assertThatThrownBy(() -> h.rawEvents.pipeInput("p1", new byte[] {0, 0, 0, 0, 1, 2, 'x'}))
                    .hasStackTraceContaining("SchemaRegistryUnavailableException");
            assertThat(h.deadLetters.isEmpty()).isTrue();
            assertThat(h.counters.snapshot()).noneSatisfy((name, count) -> assertThat(name).startsWith("dead-letters"));
        }
        MockSchemaRegistry.drop("unused");
    }
}
