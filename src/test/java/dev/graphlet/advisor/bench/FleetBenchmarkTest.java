package dev.graphlet.advisor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FleetBenchmarkTest {

    @Test
    void theAdvisorsStatusLineTellsHowManyInputRecordsItIsDoneWith() {
        String status = "advisor: {dead-letters.LATE=3, decision-points.RUN_START=10, duplicates=2, events=100,"
                + " outcomes.PUSHED=7} heap-mib=95 heap-max-mib=214";

        assertThat(FleetBenchmark.handled(status)).isEqualTo(105);
        assertThat(FleetBenchmark.handled("advisor: {} heap-mib=1 heap-max-mib=2")).isZero();
    }

    @Test
    void repeatedRunsAreListedInOrderAndSummedUpByTheirMedian() {
        List<FleetBenchmark.Measured> runs = List.of(new FleetBenchmark.Measured(40_000, 250.0),
                new FleetBenchmark.Measured(50_000, 200.0), new FleetBenchmark.Measured(45_000, 222.2));

        assertThat(FleetBenchmark.summary(runs, 1_000_000)).isEqualTo("Advisor over 3 runs: 40,000 (250.0 s), 50,000"
                + " (200.0 s), 45,000 (222.2 s) events/s; median 45,000 events/s, 222.2 s for the fleet, ratio 0.045");
    }
}
