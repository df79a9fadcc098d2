package dev.graphlet.advisor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.registry.MockSchemaRegistry;
import dev.graphlet.advisor.registry.SchemaRegistryUnavailableException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    static final Schema RUN_V1 = SchemaBuilder.record("Run").namespace("test").fields()
            .requiredString("id").requiredLong("cost").endRecord();
    static final Schema RUN_V2 = SchemaBuilder.record("Run").namespace("test").fields()
            .requiredString("id").requiredLong("cost")
            .name("blessed").type().booleanType().booleanDefault(true).endRecord();

    private final String scope = "serde-" + UUID.randomUUID();
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://" + scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.drop(scope);
    }

    @Test
    void specificRecordsRoundTripThroughTheMockRegistry() {
        SpecificAvroSerde<ExecutionEvent> serde = new SpecificAvroSerde<>(ExecutionEvent.class);
        serde.configure(config, false);
        ExecutionEvent event = GoldenRecords.trainerRunning();

        byte[] bytes = serde.serializer().serialize("events", event);

        assertThat(serde.deserializer().deserialize("events", bytes)).isEqualTo(event);
        assertThat(MockSchemaRegistry.scope(scope).subjects()).containsExactly("events-value");
    }

    @Test
    void bytesAreMagicByteThenBigEndianIdThenAvro() {
        MockSchemaRegistry.scope(scope).register("other-value", SchemaBuilder.record("Pad").fields().endRecord());
        GenericAvroSerde serde = new GenericAvroSerde();
        serde.configure(config, false);

        byte[] bytes = serde.serializer().serialize("runs", run(RUN_V1, "r1", 5));

        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(2);
        // "r1" as Avro string (zig-zag length 2 -> 0x04), then 5 as zig-zag long (0x0a)
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(0x04, 'r', '1', 0x0a);
    }

    @Test
    void javaOnlyPropertiesCanBeLeftOutOfTheRegisteredSchema() throws Exception {
        AvroSerializer<ExecutionEvent> plain = new AvroSerializer<>();
        plain.configure(Map.of("schema.registry.url", "mock://" + scope, "avro.remove.java.properties", "true"), false);
        AvroSerializer<ExecutionEvent> withJavaProps = new AvroSerializer<>();
        withJavaProps.configure(config, false);
        Schema avsc = new Schema.Parser().parse(java.nio.file.Path.of(
                System.getProperty("advisor.project.dir", "."), "schemas/ExecutionEvent.avsc").toFile());

        byte[] a = plain.serialize("a", GoldenRecords.trainerRunning());
        byte[] b = withJavaProps.serialize("b", GoldenRecords.trainerRunning());

        assertThat(MockSchemaRegistry.scope(scope).latest("a-value").schema()).isEqualTo(avsc);
        assertThat(MockSchemaRegistry.scope(scope).latest("b-value").schema().toString()).contains("avro.java.string");
        assertThat(Arrays.copyOfRange(a, 5, a.length)).isEqualTo(Arrays.copyOfRange(b, 5, b.length));
    }

    @Test
    void keysUseTheKeySubject() {
        AvroSerializer<Object> keys = new AvroSerializer<>();
        keys.configure(config, true);

        keys.serialize("runs", "pipeline-7");

        assertThat(MockSchemaRegistry.scope(scope).subjects()).containsExactly("runs-key");
    }

    @Test
    void dataWrittenWithTheOldSchemaReadsWithTheNewOne() {
        GenericAvroSerde writer = new GenericAvroSerde();
        writer.configure(config, false);
        byte[] oldBytes = writer.serializer().serialize("runs", run(RUN_V1, "r1", 5));
        MockSchemaRegistry.scope(scope).register("runs-value", RUN_V2); // BACKWARD-compatible evolution

        GenericAvroSerde reader = new GenericAvroSerde(null, RUN_V2);
        reader.configure(config, false);
        GenericRecord read = reader.deserializer().deserialize("runs", oldBytes);

        assertThat(read.getSchema()).isEqualTo(RUN_V2);
        assertThat(read.get("id").toString()).isEqualTo("r1");
        assertThat(read.get("blessed")).isEqualTo(true);
    }

    @Test
    void primitivesAreSupportedAsConfluentDoes() {
        AvroSerializer<Object> serializer = new AvroSerializer<>();
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        serializer.configure(config, false);
        deserializer.configure(config, false);

        assertThat(deserializer.deserialize("t", serializer.serialize("t", "hello"))).isEqualTo("hello");
        assertThat(deserializer.deserialize("t2", serializer.serialize("t2", 42L))).isEqualTo(42L);
        assertThat(serializer.serialize("t", null)).isNull();
        assertThat(deserializer.deserialize("t", null)).isNull();
    }

    @Test
    void wrongMagicByteIsATypedWireFormatError() {
        AvroDeserializer<Object> deserializer = configuredDeserializer();

        assertThatThrownBy(() -> deserializer.deserialize("events", "{\"json\":true}".getBytes()))
                .isInstanceOf(AvroSerdeException.WireFormatException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0x7b").hasMessageContaining("magic byte").hasMessageContaining("events");
    }

    @Test
    void aPayloadShorterThanTheHeaderIsAWireFormatError() {
        AvroDeserializer<Object> deserializer = configuredDeserializer();

        assertThatThrownBy(() -> deserializer.deserialize("events", new byte[] {0, 0, 1}))
                .isInstanceOf(AvroSerdeException.WireFormatException.class)
                .hasMessageContaining("3 bytes").hasMessageContaining("5-byte");
    }

    @Test
    void aTruncatedBodyIsAMalformedPayloadError() {
        GenericAvroSerde serde = new GenericAvroSerde();
        serde.configure(config, false);
        byte[] bytes = serde.serializer().serialize("runs", run(RUN_V1, "a-long-run-id", 123456789L));

        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 6);

        assertThatThrownBy(() -> serde.deserializer().deserialize("runs", truncated))
                .isInstanceOf(AvroSerdeException.MalformedPayloadException.class)
                .hasMessageContaining("schema id 1").hasMessageContaining("test.Run");
    }

    @Test
    void anUnknownSchemaIdIsATypedError() {
        AvroDeserializer<Object> deserializer = configuredDeserializer();
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'x'};

        assertThatThrownBy(() -> deserializer.deserialize("events", bytes))
                .isInstanceOfSatisfying(AvroSerdeException.UnknownSchemaIdException.class,
                        e -> assertThat(e.schemaId()).isEqualTo(12345))
                .hasMessageContaining("schema id 12345");
    }

    @Test
    void anIncompatibleReaderIsASchemaResolutionError() {
        GenericAvroSerde writer = new GenericAvroSerde();
        writer.configure(config, false);
        byte[] bytes = writer.serializer().serialize("runs", run(RUN_V1, "r1", 5));
        Schema unrelated = SchemaBuilder.record("Run").namespace("test").fields().requiredInt("other").endRecord();

        GenericAvroSerde reader = new GenericAvroSerde(null, unrelated);
        reader.configure(config, false);

        assertThatThrownBy(() -> reader.deserializer().deserialize("runs", bytes))
                .isInstanceOf(AvroSerdeException.SchemaResolutionException.class)
                .hasMessageContaining("schema id 1");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRefusedByName() {
        AvroSerializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serializer.serialize("runs", run(RUN_V1, "r", 1)))
                .isInstanceOf(AvroSerdeException.UnwritableValueException.class)
                .hasMessageContaining("runs-value");
    }

    @Test
    void anUnreachableRegistryIsRetryableNotASerializationError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of("schema.registry.url", "http://localhost:" + closedPort,
                "max.retries", "1", "retries.wait.ms", "5"), false);

        assertThatThrownBy(() -> deserializer.deserialize("events", new byte[] {0, 0, 0, 0, 1, 2}))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("unavailable");
    }

    private AvroDeserializer<Object> configuredDeserializer() {
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);
        return deserializer;
    }

    private static GenericRecord run(Schema schema, String id, long cost) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("cost", cost);
        return record;
    }
}
