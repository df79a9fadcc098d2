package dev.graphlet.advisor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetBenchmarkTest {

    @Test
    void theAdvisorsStatusLineTellsHowManyInputRecordsItIsDoneWith() {
        String status = "advisor: {dead-letters.LATE=3, decision-points.RUN_START=10, duplicates=2, events=100,"
                + " outcomes.PUSHED=7} heap-mib=95 heap-max-mib=214";

        assertThat(FleetBenchmark.handled(status)).isEqualTo(105);
        assertThat(FleetBenchmark.handled("advisor: {} heap-mib=1 heap-max-mib=2")).isZero();
    }
}
