package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                "| information-bound-guarded-0.050 |", "| perfect-foresight-guarded |", "What advisor-0.010 learned",
                "Held to the advisor's guards, perfect foresight avoids");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(javax.imageio.ImageIO.read(plot.toFile()).getWidth()).isEqualTo(1000);
        assertThat(asJson.exitCode()).isZero();
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        assertThat(root.path("policies").size()).isEqualTo(27); // 13 baselines, 5 advisor targets, 2 + 4 + 4 bound points
        assertThat(root.path("atEqualLoss").path("guardedCeiling").asDouble()).isEqualTo(
                row(root.path("policies"), "perfect-foresight-guarded").path("wasteAvoided").asDouble());
        assertThat(root.path("policies").get(0).path("policy").asText()).isEqualTo("never-skip");
        assertThat(root.path("neverSkip").path("runs").asLong()).isPositive();
    }

    @Test
    void eachFurtherCadenceGuardIsTheAdvisorAsRunWithItAloneOnItsOwnCurve() throws Exception {
        String[] fleet = {"evaluate", "--closed-loop", "--pipelines", "60", "--days", "30", "--policies",
                "advisor,median-stopping", "--advisor-max-missed", "0.02", "--format", "json"};
        JsonNode bothRoot = run(fleet, "--advisor-overdue-factor", "2,off", "--plot", dir.resolve("both.png").toString());
        JsonNode both = policies(bothRoot);
        JsonNode own = policies(run(fleet, "--plot", dir.resolve("own.png").toString()));
        JsonNode off = policies(run(fleet, "--advisor-overdue-factor", "off", "--plot", dir.resolve("off.png").toString()));

        assertThat(both.findValuesAsText("policy")).contains("advisor-0.020", "advisor-overdue-off-0.020");
        assertThat(row(both, "advisor-overdue-off-0.020").path("family").asText()).isEqualTo("advisor-overdue-off");
        assertThat(row(both, "advisor-0.020")).isEqualTo(row(own, "advisor-0.020"));
        assertThat(bothRoot.path("atEqualLoss").path("baselines").findValuesAsText("policy")).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith("median-stopping")); // a variant is no baseline
        JsonNode variant = ((com.fasterxml.jackson.databind.node.ObjectNode) row(both, "advisor-overdue-off-0.020").deepCopy())
                .put("policy", "advisor-0.020").put("family", "advisor");
        assertThat(variant).isEqualTo(row(off, "advisor-0.020"));
        assertThat(row(off, "advisor-0.020").path("skips").asLong())
                .as("the guard off lets the advisor skip more on this fleet, or the comparison shows nothing")
                .isGreaterThan(row(own, "advisor-0.020").path("skips").asLong());
    }

    @Test
    void skippingAtRunStartIsOneFlagForTheAdvisorAndTheBoundsHeldToItsGuards() {
        String[] fleet = {"evaluate", "--closed-loop", "--pipelines", "60", "--days", "30", "--policies",
                "advisor,perfect-foresight-guarded", "--advisor-max-missed", "0.02", "--format", "json"};
        JsonNode byDefault = policies(run(fleet, "--plot", dir.resolve("default.png").toString()));
        JsonNode atStart = policies(run(fleet, "--advisor-skip-at-run-start", "true", "--plot", dir.resolve("start.png").toString()));
        JsonNode notAtStart = policies(run(fleet, "--advisor-skip-at-run-start", "false", "--plot", dir.resolve("no.png").toString()));

        assertThat(notAtStart).isEqualTo(byDefault);
        assertThat(row(atStart, "perfect-foresight-guarded").path("wasteAvoided").asDouble())
                .isGreaterThan(row(byDefault, "perfect-foresight-guarded").path("wasteAvoided").asDouble());
        assertThat(row(atStart, "perfect-foresight-guarded").path("deploymentsLost").asDouble()).isZero();
        assertThat(row(atStart, "advisor-0.020")).isNotEqualTo(row(byDefault, "advisor-0.020"));
        CliRun bad = CliRun.of("evaluate", "--closed-loop", "--advisor-skip-at-run-start", "maybe");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("--advisor-skip-at-run-start", "maybe");
    }

    private JsonNode run(String[] fleet, String... more) {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(fleet), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        try {
            return new ObjectMapper().readTree(run.out());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode policies(JsonNode root) {
        return root.path("policies");
    }

    private static JsonNode row(JsonNode policies, String name) {
        for (JsonNode row : policies) {
            if (row.path("policy").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name + " in " + policies.findValuesAsText("policy"));
    }

    @Test
    void replaysARecordedTraceTheSameWayTwice() throws Exception {
        Path trace = dir.resolve("trace.avro");
        assertThat(CliRun.of("simulate", "--pipelines", "20", "--days", "10", "--seed", "9", "--out", trace.toString()).exitCode()).isZero();

        CliRun first = CliRun.of("evaluate", "--input", trace.toString(), "--plot", dir.resolve("a.png").toString());
        CliRun second = CliRun.of("evaluate", "--input", trace.toString(), "--plot", dir.resolve("b.png").toString());

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("| never-skip | 0.0% |", "| perfect-foresight | 100.0% |", "| tfx-cache |",
                        "| perfect-foresight-guarded |")
                .doesNotContain("information-bound"); // a trace has no hidden state to read
        assertThat(second.out().replace("b.png", "a.png")).isEqualTo(first.out());
    }

    @Test
    void aTraceReportingALossIsJudgedByTheConfiguredMetric() throws Exception {
        Path auc = dir.resolve("auc.avro");
        Path loss = dir.resolve("loss.avro");
        assertThat(CliRun.of("simulate", "--pipelines", "20", "--days", "10", "--seed", "9", "--out", auc.toString()).exitCode()).isZero();
        assertThat(CliRun.of("simulate", "--pipelines", "20", "--days", "10", "--seed", "9", "--metric", "loss", "--out",
                loss.toString()).exitCode()).isZero();
        Path config = dir.resolve("loss.properties");
        Files.writeString(config, "advisor.scoring.curve-metric=loss\nadvisor.scoring.higher-is-better=false\n"
                + "advisor.scoring.metric-unit=0.03\n");

        CliRun asAuc = CliRun.of("evaluate", "--input", auc.toString(), "--policies", "median-stopping", "--plot", dir.resolve("a.png").toString());
        CliRun asLoss = CliRun.of("evaluate", "--input", loss.toString(), "--config", config.toString(), "--policies", "median-stopping",
                "--plot", dir.resolve("b.png").toString());
        CliRun unread = CliRun.of("evaluate", "--input", loss.toString(), "--policies", "median-stopping", "--plot", dir.resolve("c.png").toString());

        assertThat(asLoss.exitCode()).isZero();
        List<String> rows = medianRows(asAuc.out());
        assertThat(rows).hasSize(5).anyMatch(row -> !row.endsWith("| 0 | 0 |"));
        assertThat(medianRows(asLoss.out())).isEqualTo(rows);
        assertThat(medianRows(unread.out())).hasSize(5).allMatch(row -> row.endsWith("| 0 | 0 |")); // AUC is not there
        assertThat(asLoss.err()).doesNotContain("warning:");
        // Named like a loss, taken as higher-is-better: warned of, in one line.
        Path upwards = dir.resolve("upwards.properties");
        Files.writeString(upwards, "advisor.scoring.curve-metric=loss\n");
        CliRun slip = CliRun.of("evaluate", "--input", loss.toString(), "--config", upwards.toString(), "--policies", "median-stopping",
                "--plot", dir.resolve("d.png").toString());
        assertThat(slip.exitCode()).isZero();
        assertThat(slip.err().lines().filter(line -> line.startsWith("warning:")).toList()).singleElement().asString()
                .contains("'loss'", "advisor.scoring.higher-is-better is true");
        // The starting model is trained on the same metric.
        CliRun train = CliRun.of("train", "--input", loss.toString(), "--config", config.toString(), "--out", dir.resolve("m.json").toString());
        assertThat(train.exitCode()).isZero();
        assertThat(train.out()).contains("Learned from ", "Consecutive evaluations of a pipeline differ by a median of",
                "in 'loss'", "(now 0.03)");
    }

    @Test
    void aBadMetricIsOneLine() throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "advisor.scoring.metric-unit=-1\n");
        CliRun evaluate = CliRun.of("evaluate", "--input", dir.resolve("any.avro").toString(), "--config", config.toString());
        CliRun simulate = CliRun.of("simulate", "--pipelines", "2", "--days", "1", "--metric", "rmse", "--out", dir.resolve("x.avro").toString());

        assertThat(evaluate.exitCode()).isEqualTo(1);
        assertThat(evaluate.err().strip()).doesNotContain("\n").contains("advisor.scoring.metric-unit");
        assertThat(simulate.exitCode()).isEqualTo(1);
        assertThat(simulate.err().strip()).doesNotContain("\n").contains("metric must be auc or loss", "rmse");
    }

    private static List<String> medianRows(String table) {
        return table.lines().filter(line -> line.startsWith("| median-stopping-")).toList();
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
    void badBoundChancesOverdueFactorsAndCostWeightsAreOneLine() {
        CliRun bound = CliRun.of("evaluate", "--closed-loop", "--bound-below", "0.05,1.5");
        CliRun overdue = CliRun.of("evaluate", "--closed-loop", "--advisor-overdue-factor", "0");
        CliRun costWeight = CliRun.of("evaluate", "--closed-loop", "--advisor-cost-weight", "2");
        CliRun boundWeight = CliRun.of("evaluate", "--closed-loop", "--bound-cost-weight", "-1");

        assertThat(bound.exitCode()).isEqualTo(1);
        assertThat(bound.err().strip()).doesNotContain("\n").contains("--bound-below", "1.5");
        assertThat(overdue.exitCode()).isEqualTo(2); // a value picocli converts: a usage error, as for any bad number
        assertThat(overdue.err().strip()).doesNotContain("\n").contains("--advisor-overdue-factor",
                "expected a positive number of usual intervals, or off, not '0'");
        assertThat(costWeight.exitCode()).isEqualTo(1);
        assertThat(costWeight.err().strip()).doesNotContain("\n").contains("--advisor-cost-weight must be between 0 and 1");
        assertThat(boundWeight.exitCode()).isEqualTo(1);
        assertThat(boundWeight.err().strip()).doesNotContain("\n").contains("--bound-cost-weight must be between 0 and 1");
    }
}
