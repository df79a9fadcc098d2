package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlet.advisor.state.ModelState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files: what {@code train} writes is what the advisor loads, and files of earlier releases still load. */
class ModelFilesTest {

    @TempDir
    Path dir;

    private static ModelState trained() {
        ModelState model = OnlineModel.fresh();
        model.setVersion(7);
        model.setThreshold(0.3);
        model.getWeights().get(1).set(2, -0.5);
        model.setDriftLevel(0.012);
        model.setDriftCostCross(-0.9);
        model.setDriftCostSquares(1.0);
        model.setRunCostLogMean(11.5);
        model.setRunCostRuns(1234);
        return model;
    }

    @Test
    void aModelFileReadsBackAsItWasWritten() throws Exception {
        Path file = dir.resolve("model.json");
        ModelFiles.write(trained(), file);

        assertThat(ModelFiles.read(file)).isEqualTo(trained());
    }

    @Test
    void aModelFileOfTheFormatBeforeTheDriftCostReadsWithNoneLearnedYet() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(ModelFiles.toJson(trained()));
        json.remove(java.util.List.of("driftLevel", "driftCostCross", "driftCostSquares", "runCostLogMean", "runCostRuns"));
        Path file = dir.resolve("older.json");
        Files.writeString(file, json.toPrettyString());

        ModelState read = ModelFiles.read(file);

        assertThat(read.getVersion()).isEqualTo(7);
        assertThat(read.getWeights().get(1).get(2)).isEqualTo(-0.5);
        assertThat(DriftCost.of(read)).isEqualTo(DriftCost.NONE);
    }

    @Test
    void aModelFileOfTheFormatBeforeTheTypicalRunCostReadsWithItNotYetKnown() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(ModelFiles.toJson(trained()));
        json.remove(java.util.List.of("runCostLogMean", "runCostRuns"));
        Path file = dir.resolve("format2.json");
        Files.writeString(file, json.toPrettyString());

        ModelState read = ModelFiles.read(file);

        assertThat(read.getDriftCostCross()).isEqualTo(-0.9);
        assertThat(read.getRunCostRuns()).isZero();
        assertThat(RunCost.logDearness(read, 50_000)).isZero();
    }

    @Test
    void aFileThatIsNoModelIsNamedInOneLine() throws Exception {
        Path file = dir.resolve("notes.json");
        Files.writeString(file, "{\"weights\": \"none\"}");

        assertThatThrownBy(() -> ModelFiles.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notes.json").hasMessageContaining("not a model written by 'advisor train'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
