package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheBaselinesTableTheSameWayEveryTimeAndWritesJson() throws Exception {
        Path plot = dir.resolve("tradeoff.png");
        CliRun first = CliRun.of("evaluate", "--closed-loop", "--pipelines", "20", "--days", "10", "--plot", plot.toString());
        CliRun second = CliRun.of("evaluate", "--closed-loop", "--pipelines", "20", "--days", "10", "--threads", "1",
                "--plot", plot.toString());
        Path json = dir.resolve("eval.json");
        CliRun asJson = CliRun.of("evaluate", "--closed-loop", "--pipelines", "20", "--days", "10", "--format", "json",
                "--output", json.toString(), "--plot", dir.resolve("json.png").toString());

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("| never-skip | 0.0% |", "| tfx-cache |", "| push-rate<0.50 |",
                "| median-stopping-0.02 |", "| advisor-0.010 |", "| perfect-foresight | 100.0% |", "| information-bound-0.050 |",
                "| information-bound-guarded-0.050 |", "What advisor-0.010 learned");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(javax.imageio.ImageIO.read(plot.toFile()).getWidth()).isEqualTo(1000);
        assertThat(asJson.exitCode()).isZero();
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        assertThat(root.path("policies").size()).isEqualTo(26); // 13 baselines, 5 advisor targets, 4 + 4 bound points
        assertThat(root.path("policies").get(0).path("policy").asText()).isEqualTo("never-skip");
        assertThat(root.path("neverSkip").path("runs").asLong()).isPositive();
    }

    @Test
    void replaysARecordedTraceTheSameWayTwice() throws Exception {
        Path trace = dir.resolve("trace.avro");
        assertThat(CliRun.of("simulate", "--pipelines", "20", "--days", "10", "--seed", "9", "--out", trace.toString()).exitCode()).isZero();

        CliRun first = CliRun.of("evaluate", "--input", trace.toString(), "--plot", dir.resolve("a.png").toString());
        CliRun second = CliRun.of("evaluate", "--input", trace.toString(), "--plot", dir.resolve("b.png").toString());

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("| never-skip | 0.0% |", "| perfect-foresight | 100.0% |", "| tfx-cache |")
                .doesNotContain("information-bound"); // a trace has no hidden state to read
        assertThat(second.out().replace("b.png", "a.png")).isEqualTo(first.out());
    }

    @Test
    void aMissingTraceOrBothModesAreOneLine() {
        CliRun missing = CliRun.of("evaluate", "--input", dir.resolve("none.avro").toString());
        CliRun both = CliRun.of("evaluate", "--input", "x.avro", "--closed-loop");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("none.avro");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err().strip()).doesNotContain("\n").contains("mutually exclusive");
    }

    @Test
    void aBadFormatIsOneLine() {
        CliRun run = CliRun.of("evaluate", "--closed-loop", "--format", "xml");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--format must be md or json");
    }

    @Test
    void badBoundChancesAndOverdueFactorsAreOneLine() {
        CliRun bound = CliRun.of("evaluate", "--closed-loop", "--bound-below", "0.05,1.5");
        CliRun overdue = CliRun.of("evaluate", "--closed-loop", "--advisor-overdue-factor", "0");

        assertThat(bound.exitCode()).isEqualTo(1);
        assertThat(bound.err().strip()).doesNotContain("\n").contains("--bound-below", "1.5");
        assertThat(overdue.exitCode()).isEqualTo(1);
        assertThat(overdue.err().strip()).doesNotContain("\n").contains("--advisor-overdue-factor must be positive");
    }
}
