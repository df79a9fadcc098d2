package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.graphlet.advisor.sim.FleetMetric;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.SimulationSettings;
import org.junit.jupiter.api.Test;

/** The run-to-run spread of a history's evaluations, and the metric unit it suggests. */
class MetricSpreadTest {

    private static final SimulationSettings FLEET = new SimulationSettings(60, 30, 3L, 1.0, 0.85, SimulationSettings.DEFAULT_START);

    private static MetricSpread spread(FleetMetric metric) {
        MetricSpread spread = new MetricSpread(metric.key());
        FleetSimulator fleet = new FleetSimulator(FLEET.withMetric(metric), run -> { });
        while (fleet.hasNext()) {
            spread.accept(fleet.next());
        }
        return spread;
    }

    @Test
    void aLossThreeTimesAsSpreadOutIsToldToUseAUnitThreeTimesAsLarge() {
        MetricSpread auc = spread(FleetMetric.AUC);
        MetricSpread loss = spread(FleetMetric.LOSS);

        assertThat(auc.pairs()).isGreaterThan(MetricSpread.MIN_PAIRS).isEqualTo(loss.pairs());
        // Another fleet of the same regime: near the reference figure, so near AUC's own unit.
        assertThat(auc.suggestedUnit()).isCloseTo(Metric.AUC_UNIT, within(0.002));
        assertThat(loss.suggestedUnit() / auc.suggestedUnit()).isCloseTo(3, within(0.05));
    }

    @Test
    void tooFewPairsSuggestNothing() {
        MetricSpread spread = new MetricSpread("auc");
        assertThat(spread.pairs()).isZero();
        assertThat(spread.median()).isNaN();
        assertThat(spread.suggestedUnit()).isNaN();
        // Another metric's evaluations are not read.
        FleetSimulator fleet = new FleetSimulator(FLEET.withMetric(FleetMetric.LOSS), run -> { });
        while (fleet.hasNext()) {
            spread.accept(fleet.next());
        }
        assertThat(spread.pairs()).isZero();
    }
}
