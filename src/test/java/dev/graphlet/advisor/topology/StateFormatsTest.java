package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.scoring.DriftCost;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.PipelineHistories;
import dev.graphlet.advisor.scoring.RunFactsFold;
import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.PipelineState;
import dev.graphlet.advisor.state.RunFacts;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** An upgraded advisor restores what the previous release wrote to its changelogs. */
class StateFormatsTest {

    @Test
    void graphletsWrittenInFormat1AreReadWithNoSeenEvents() throws Exception {
        GraphletState graphlet = GraphletState.newBuilder().setPipelineId("p").setGraphletId("g").setRunId("r")
                .setFirstEventTime(10).setLastEventTime(20).setMergedIds(List.of("m")).setSeenEvents(ByteBuffer.wrap(new byte[8])).build();
        byte[] old = olderBytes(graphlet, 1, "/state-formats/GraphletState.v1.avsc");

        GraphletState read = StateFormats.graphlets().deserializer().deserialize("", old);

        assertThat(read.getGraphletId()).isEqualTo("g");
        assertThat(read.getRunId()).isEqualTo("r");
        assertThat(read.getMergedIds()).containsExactly("m");
        assertThat(read.getSeenEvents().remaining()).isZero();
        read.setSeenEvents(ByteBuffer.allocate(8).putLong(0, 7L));
        byte[] now = StateFormats.graphlets().serializer().serialize("", read);
        assertThat(now[0]).isEqualTo((byte) 3);
        assertThat(StateFormats.graphlets().deserializer().deserialize("", now).getSeenEvents().getLong(0)).isEqualTo(7L);
    }

    @Test
    void finalMarkersWrittenInFormat1AreReadWithNoSeenEvents() throws Exception {
        FinalGraphlet marker = FinalGraphlet.newBuilder().setGraphletId("g").setFinalTime(99)
                .setExecutionIds(List.of("e1", "e2")).build();

        FinalGraphlet read = StateFormats.finals().deserializer()
                .deserialize("", olderBytes(marker, 1, "/state-formats/FinalGraphlet.v1.avsc"));

        assertThat(read.getFinalTime()).isEqualTo(99);
        assertThat(read.getExecutionIds()).containsExactly("e1", "e2");
        assertThat(read.getSeenEvents().remaining()).isZero();
    }

    /**
     * Bytes as an earlier release wrote them: the format byte, then Avro binary in that release's schema (the value
     * written now, resolved to the old schema: fields the old one lacks are dropped, wherever they stand).
     */
    private static byte[] olderBytes(org.apache.avro.specific.SpecificRecord value, int format, String resource) throws Exception {
        Schema older;
        try (InputStream in = StateFormatsTest.class.getResourceAsStream(resource)) {
            older = new Schema.Parser().parse(in);
        }
        ByteArrayOutputStream now = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(now, null);
        new SpecificDatumWriter<>(value.getSchema(), SpecificData.get()).write(value, encoder);
        encoder.flush();
        GenericRecord asOlder = new GenericDatumReader<GenericRecord>(value.getSchema(), older)
                .read(null, DecoderFactory.get().binaryDecoder(now.toByteArray(), null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(format);
        encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(older).write(asOlder, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static RunFacts facts(double evaluation, double baseline) {
        RunFacts facts = RunFactsFold.empty();
        facts.setEvaluation(evaluation);
        facts.setBlessed(1);
        facts.setBaselineEvaluation(baseline);
        return facts;
    }

    @Test
    void graphletsWrittenInFormat2AreReadWithNoBaselineForTheirRun() throws Exception {
        GraphletState graphlet = GraphletState.newBuilder().setPipelineId("p").setGraphletId("g").setRunId("r")
                .setFirstEventTime(10).setLastEventTime(20).setMergedIds(List.of("m"))
                .setSeenEvents(ByteBuffer.allocate(8).putLong(0, 5L)).setFacts(facts(0.71, 0.70)).build();

        GraphletState read = StateFormats.graphlets().deserializer()
                .deserialize("", olderBytes(graphlet, 2, "/state-formats/GraphletState.v2.avsc"));

        assertThat(read.getGraphletId()).isEqualTo("g");
        assertThat(read.getSeenEvents().getLong(0)).isEqualTo(5L);
        assertThat(read.getFacts().getEvaluation()).isEqualTo(0.71);
        assertThat(read.getFacts().getBlessed()).isEqualTo(1);
        assertThat(read.getFacts().getBaselineEvaluation()).isEqualTo(-1); // not known: the deployed model's stands in
        byte[] now = StateFormats.graphlets().serializer().serialize("", graphlet);
        assertThat(now[0]).isEqualTo((byte) 3);
        assertThat(StateFormats.graphlets().deserializer().deserialize("", now).getFacts().getBaselineEvaluation()).isEqualTo(0.70);
    }

    @Test
    void pipelinesWrittenInFormat1AreReadWithTheirHistory() throws Exception {
        PipelineHistory history = PipelineHistories.empty();
        PipelineHistories.record(history, facts(0.72, 0.70), true, 1000, true, 1, true, 100_000);
        PipelineState pipeline = PipelineState.newBuilder().setPipelineId("p").setHistory(history).build();

        PipelineState read = StateFormats.pipelines().deserializer()
                .deserialize("", olderBytes(pipeline, 1, "/state-formats/PipelineState.v1.avsc"));

        assertThat(read.getHistory().getDeployed().getEvaluation()).isEqualTo(0.72);
        assertThat(read.getHistory().getLastPushTime()).isEqualTo(1000);
        assertThat(read.getHistory().getDeployed().getBaselineEvaluation()).isEqualTo(-1);
        assertThat(StateFormats.pipelines().serializer().serialize("", read)[0]).isEqualTo((byte) 3);
    }

    @Test
    void pipelinesWrittenInFormat2KeepTheirRunningMeanAsTheLevelAndGoOnFromIt() throws Exception {
        PipelineHistory history = PipelineHistories.empty();
        for (int i = 0; i < 30; i++) {
            PipelineHistories.record(history, facts(0.70, 0.70), true, 1000 + i, true, 1, true, 100_000);
        }
        PipelineState pipeline = PipelineState.newBuilder().setPipelineId("p").setHistory(history).build();

        PipelineState read = StateFormats.pipelines().deserializer()
                .deserialize("", olderBytes(pipeline, 2, "/state-formats/PipelineState.v2.avsc"));

        PipelineHistory restored = read.getHistory();
        assertThat(restored.getQualityMean()).isEqualTo(0.70);
        assertThat(restored.getQualityCount()).isEqualTo(30);
        assertThat(restored.getQualityVariance()).isZero(); // not kept by the running mean of format 2
        assertThat(restored.getQualityVersion()).isEmpty();
        // The level is not frozen by the missing variance: a run 0.02 above moves it, by the weight of one run in many.
        PipelineHistories.record(restored, facts(0.72, 0.70), false, 2000, true, 1, true, 100_000);
        assertThat(restored.getQualityMean()).isBetween(0.7005, 0.71);
        assertThat(restored.getQualityVariance()).isPositive();
        assertThat(StateFormats.pipelines().serializer().serialize("", read)[0]).isEqualTo((byte) 3);
    }

    @Test
    void modelsWrittenInFormat1AreReadWithNoDriftCostYet() throws Exception {
        ModelState model = OnlineModel.fresh();
        model.setThreshold(0.25);
        model.setVersion(42);

        ModelState read = StateFormats.models().deserializer()
                .deserialize("", olderBytes(model, 1, "/state-formats/ModelState.v1.avsc"));

        assertThat(read.getVersion()).isEqualTo(42);
        assertThat(read.getThreshold()).isEqualTo(0.25);
        assertThat(DriftCost.of(read)).isEqualTo(DriftCost.NONE);
        assertThat(StateFormats.models().serializer().serialize("", read)[0]).isEqualTo((byte) 3);
    }

    @Test
    void modelsWrittenInFormat2AreReadWithTheTypicalRunCostNotYetKnown() throws Exception {
        ModelState model = OnlineModel.fresh();
        model.setThreshold(0.25);
        model.setDriftCostCross(-0.9);
        model.setDriftCostSquares(1.0);

        ModelState read = StateFormats.models().deserializer()
                .deserialize("", olderBytes(model, 2, "/state-formats/ModelState.v2.avsc"));

        assertThat(read.getThreshold()).isEqualTo(0.25);
        assertThat(read.getDriftCostCross()).isEqualTo(-0.9);
        assertThat(read.getRunCostRuns()).isZero();
        assertThat(read.getRunCostLogMean()).isZero();
        assertThat(StateFormats.models().serializer().serialize("", read)[0]).isEqualTo((byte) 3);
    }

    @Test
    void anUnknownFormatIsNamed() {
        assertThatThrownBy(() -> StateFormats.graphlets().deserializer().deserialize("", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version 9")
                .hasMessageContaining("[1, 2] and 3");
    }
}
