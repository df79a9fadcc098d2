package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** An upgraded advisor restores what the previous release wrote to its changelogs. */
class StateFormatsTest {

    /** Bytes as release 1 wrote them: the format byte 1, then Avro binary in the v1 schema. */
    private static byte[] v1Bytes(Object value, String resource) throws Exception {
        Schema v1;
        try (InputStream in = StateFormatsTest.class.getResourceAsStream(resource)) {
            v1 = new Schema.Parser().parse(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        // v2 only appended a field, so the v1 writer reads the shared fields by position from the v2 object.
        new SpecificDatumWriter<>(v1, SpecificData.get()).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void graphletsWrittenInFormat1AreReadWithNoSeenEvents() throws Exception {
        GraphletState graphlet = GraphletState.newBuilder().setPipelineId("p").setGraphletId("g").setRunId("r")
                .setFirstEventTime(10).setLastEventTime(20).setMergedIds(List.of("m")).setSeenEvents(ByteBuffer.wrap(new byte[8])).build();
        byte[] old = v1Bytes(graphlet, "/state-formats/GraphletState.v1.avsc");

        GraphletState read = StateFormats.graphlets().deserializer().deserialize("", old);

        assertThat(read.getGraphletId()).isEqualTo("g");
        assertThat(read.getRunId()).isEqualTo("r");
        assertThat(read.getMergedIds()).containsExactly("m");
        assertThat(read.getSeenEvents().remaining()).isZero();
        read.setSeenEvents(ByteBuffer.allocate(8).putLong(0, 7L));
        byte[] now = StateFormats.graphlets().serializer().serialize("", read);
        assertThat(now[0]).isEqualTo((byte) 2);
        assertThat(StateFormats.graphlets().deserializer().deserialize("", now).getSeenEvents().getLong(0)).isEqualTo(7L);
    }

    @Test
    void finalMarkersWrittenInFormat1AreReadWithNoSeenEvents() throws Exception {
        FinalGraphlet marker = FinalGraphlet.newBuilder().setGraphletId("g").setFinalTime(99)
                .setExecutionIds(List.of("e1", "e2")).build();

        FinalGraphlet read = StateFormats.finals().deserializer()
                .deserialize("", v1Bytes(marker, "/state-formats/FinalGraphlet.v1.avsc"));

        assertThat(read.getFinalTime()).isEqualTo(99);
        assertThat(read.getExecutionIds()).containsExactly("e1", "e2");
        assertThat(read.getSeenEvents().remaining()).isZero();
    }

    @Test
    void anUnknownFormatIsNamed() {
        assertThatThrownBy(() -> StateFormats.graphlets().deserializer().deserialize("", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9")
                .hasMessageContaining("[1] and 2");
    }
}
