package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-command demo, bounded: it starts everything, runs the fleet in closed loop and ends with a summary. */
class DemoCommandTest {

    @Test
    void aBoundedDemoEndsWithASummaryAndExitsZero() {
        CliRun demo = CliRun.of("demo", "--duration", "25", "--http-port", "0", "--pipelines", "150", "--warm-up-days", "4");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("Demo ready in", "dashboard http://localhost:", "the fleet is live",
                "Summary of the live fleet", "Waste avoided:", "Deployments lost:");
        assertThat(demo.out()).containsPattern("(?s)Summary of the live fleet: [1-9][0-9,]* runs");
        assertThat(demo.out()).containsPattern("[1-9][0-9,]* runs cancelled on the advisor's SKIPs");
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CliRun demo = CliRun.of("demo", "--pipelines", "0");
        assertThat(demo.exitCode()).isNotZero();
        assertThat(demo.err().strip()).doesNotContain("\n").contains("--pipelines");
    }
}
