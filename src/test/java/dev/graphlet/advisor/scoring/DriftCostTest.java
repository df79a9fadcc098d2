package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.graphlet.advisor.state.ModelState;
import org.junit.jupiter.api.Test;

/** What drift costs the metric is learned across the fleet: the median drift as noise, and a slope beyond it. */
class DriftCostTest {

    /** Drift statistics spread evenly over 0.001 .. 0.100 (median about 0.05), in a scrambled order. */
    private static double drift(int i) {
        return ((i * 37L) % 100 + 1) / 1000.0;
    }

    @Test
    void theLevelSettlesAtTheFleetsMedianDriftAtAnyScale() {
        for (double scale : new double[] {1, 1000}) {
            ModelState model = OnlineModel.fresh();
            for (int i = 0; i < 5000; i++) {
                DriftCost.learn(model, scale * drift(i), Double.NaN);
            }
            assertThat(DriftCost.of(model).level()).isCloseTo(0.05 * scale, within(0.006 * scale));
        }
    }

    @Test
    void theSlopeIsWhatAUnitOfExcessDriftCostsTheMetric() {
        ModelState model = OnlineModel.fresh();
        for (int i = 0; i < 5000; i++) {
            double level = model.getDriftLevel();
            double departure = -0.8 * Math.max(0, drift(i) - 0.05) + ((i % 7) - 3) * 0.001; // and some noise
            DriftCost.learn(model, drift(i), level > 0 ? departure : Double.NaN);
        }
        DriftCost cost = DriftCost.of(model);
        assertThat(cost.slope()).isCloseTo(-0.8, within(0.1));
        // a run drifted 0.03 past the median is expected 0.024 lower; one at or below it, or not measured, not at all
        assertThat(cost.cost(cost.level() + 0.03)).isCloseTo(-0.8 * 0.03, within(0.003));
        assertThat(cost.cost(cost.level() / 2)).isZero();
        assertThat(cost.cost(-1)).isZero();
        // The model holds the cost as a gain in AUC units: the same model serves a loss three times as spread out.
        DriftCost loss = DriftCost.of(model, new Metric("loss", false, 0.03));
        assertThat(loss.level()).isEqualTo(cost.level());
        assertThat(loss.slope()).isCloseTo(-3 * cost.slope(), within(1e-12)).isPositive();
    }

    @Test
    void nothingIsChargedBeforeEnoughDriftWasSeen() {
        ModelState model = OnlineModel.fresh();
        assertThat(DriftCost.of(model)).isEqualTo(DriftCost.NONE);
        DriftCost.learn(model, 0.01, Double.NaN); // the first statistic: the level starts there
        DriftCost.learn(model, 0.06, -0.05); // one drifted run is not a slope
        assertThat(DriftCost.of(model).level()).isPositive();
        assertThat(DriftCost.of(model).slope()).isZero();
        assertThat(DriftCost.NONE.cost(0.5)).isZero();
        DriftCost.learn(model, -1, 0.3); // a run whose drift was not measured teaches nothing
        assertThat(model.getDriftCostCross()).isCloseTo(-0.05 * (0.06 - 0.01), within(1e-6));
    }
}
