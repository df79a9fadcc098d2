package dev.graphlet.advisor.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.registry.InMemorySchemaRegistry;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java serde writes, byte for byte, what Confluent's own JavaScript Avro serializer wrote for the same
 * records (golden file made by {@code src/test/js/golden.js}), and reads those bytes back to equal records.
 */
class GoldenBytesTest {

    private JsonNode golden;
    private InMemorySchemaRegistry registry;

    @BeforeEach
    void load() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/golden/execution-events.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        registry = new InMemorySchemaRegistry();
    }

    @Test
    void serializerWritesConfluentsBytes() {
        AvroSerializer<ExecutionEvent> serializer = new AvroSerializer<>(registry);
        List<ExecutionEvent> records = GoldenRecords.all();
        JsonNode expected = golden.path("records");
        assertThat(expected.size()).isEqualTo(records.size());

        for (int i = 0; i < records.size(); i++) {
            byte[] bytes = serializer.serialize(golden.path("topic").asText(), records.get(i));
            assertThat(HexFormat.of().formatHex(bytes)).as(expected.get(i).path("eventId").asText())
                    .isEqualTo(expected.get(i).path("hex").asText());
        }
        assertThat(registry.latest("mlmd.execution-events-value").id()).isEqualTo(golden.path("schemaId").asInt());
    }

    @Test
    void deserializerReadsConfluentsBytes() {
        registry.register("mlmd.execution-events-value", ExecutionEvent.getClassSchema());
        AvroDeserializer<ExecutionEvent> deserializer = new AvroDeserializer<>(registry, ExecutionEvent.class, null);
        List<ExecutionEvent> records = GoldenRecords.all();

        for (int i = 0; i < records.size(); i++) {
            byte[] bytes = HexFormat.of().parseHex(golden.path("records").get(i).path("hex").asText());
            assertThat(deserializer.deserialize("mlmd.execution-events", bytes)).isEqualTo(records.get(i));
        }
    }
}
