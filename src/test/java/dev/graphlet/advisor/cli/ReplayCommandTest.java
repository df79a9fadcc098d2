package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.PlannedRun;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay runs the real topology on a private broker: two replays of one trace give the same report. */
class ReplayCommandTest {

    @TempDir
    Path dir;

    @Test
    void twoReplaysOfOneTraceGiveTheSameReportAndItAgreesWithTheSimulatorsGroundTruth() throws Exception {
        Path trace = dir.resolve("trace.avro");
        assertThat(CliRun.of("simulate", "--pipelines", "12", "--days", "6", "--seed", "4", "--out", trace.toString()).exitCode()).isZero();
        List<PlannedRun> plans = new ArrayList<>();
        FleetSimulator fleet = new FleetSimulator(new SimulationSettings(12, 6, 4L, 1.0, 0.85, SimulationSettings.DEFAULT_START), plans::add);
        while (fleet.hasNext()) {
            fleet.next();
        }

        CliRun first = CliRun.of("replay", "--input", trace.toString(), "--report", dir.resolve("a").toString());
        CliRun second = CliRun.of("replay", "--input", trace.toString(), "--report", dir.resolve("b").toString());

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).isZero();
        String report = Files.readString(dir.resolve("a/report.json"));
        assertThat(Files.readString(dir.resolve("b/report.json"))).isEqualTo(report);
        assertThat(Files.readString(dir.resolve("a/report.html"))).contains("<h1>Replay of trace.avro</h1>", "data:image/png;base64,");
        JsonNode json = new ObjectMapper().readTree(report);
        assertThat(json.path("graphlets").asLong()).isEqualTo(plans.size());
        long open = json.path("open").asLong();
        long plannedDeploys = plans.stream().filter(PlannedRun::deploys).count();
        // Runs still open at the end (OPEN) are the only difference from the ground truth.
        assertThat(json.path("deployed").asLong()).isBetween(plannedDeploys - open, plannedDeploys);
        assertThat(json.path("advisedSkip").asLong()).isZero(); // no scoring yet: no advisory
        assertThat(first.out()).contains("Replayed ", "Report: ");
    }

    @Test
    void aMissingTraceIsOneLine() {
        CliRun run = CliRun.of("replay", "--input", dir.resolve("none.avro").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("none.avro");
    }
}
