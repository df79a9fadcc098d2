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
        CliRun first = CliRun.of("evaluate", "--closed-loop", "--pipelines", "20", "--days", "10");
        CliRun second = CliRun.of("evaluate", "--closed-loop", "--pipelines", "20", "--days", "10", "--threads", "1");
        Path json = dir.resolve("eval.json");
        CliRun asJson = CliRun.of("evaluate", "--closed-loop", "--pipelines", "20", "--days", "10", "--format", "json",
                "--output", json.toString());

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("| never-skip | 0.0% |", "| tfx-cache |", "| push-rate<0.50 |",
                "| median-stopping-0.02 |", "| perfect-foresight | 100.0% |");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(asJson.exitCode()).isZero();
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        assertThat(root.path("policies").size()).isEqualTo(13);
        assertThat(root.path("policies").get(0).path("policy").asText()).isEqualTo("never-skip");
        assertThat(root.path("neverSkip").path("runs").asLong()).isPositive();
    }

    @Test
    void aBadFormatIsOneLine() {
        CliRun run = CliRun.of("evaluate", "--closed-loop", "--format", "xml");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--format must be md or json");
    }
}
