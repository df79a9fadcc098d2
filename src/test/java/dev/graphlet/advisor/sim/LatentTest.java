package dev.graphlet.advisor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatentTest {

    @Test
    void theNormalDistributionFunctionMatchesKnownValues() {
        assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Normal.cdf(1)).isCloseTo(0.841344746, within(1e-7));
        assertThat(Normal.cdf(-1.959963985)).isCloseTo(0.025, within(1e-7));
        assertThat(Normal.cdf(-3)).isCloseTo(0.001349898, within(1e-7));
        for (double p : new double[] {0.001, 0.01, 0.2, 0.5, 0.9, 0.999}) {
            assertThat(Normal.cdf(Normal.quantile(p))).isCloseTo(p, within(1e-7));
        }
    }

    @Test
    void withoutCurveTheChanceIsThePriorAgainstTheBar() {
        PlannedRun.Latent latent = new PlannedRun.Latent(0.70, 0.012, 0.70 + 0.012, 0.1);
        assertThat(latent.blessChance(List.of())).isCloseTo(1 - 0.841344746, within(1e-6));
        assertThat(new PlannedRun.Latent(0.7, 0.012, Double.NEGATIVE_INFINITY, 0.1).blessChance(List.of(0.1))).isEqualTo(1);
        assertThat(new PlannedRun.Latent(0.7, 0, Double.POSITIVE_INFINITY, 0.1).blessChance(List.of())).isZero();
        assertThat(new PlannedRun.Latent(0.71, 0, 0.70, 0.1).blessChance(List.of())).isEqualTo(1);
        assertThat(new PlannedRun.Latent(0.69, 0, 0.70, 0.1).blessChance(List.of())).isZero();
    }

    /**
     * Draws runs the way the simulator does (quality around the latent mean, curve points around the quality less the
     * ramp), and checks that the chance given each prefix of the curve is calibrated: among runs given about p, about
     * p are blessed; and that each curve point sharpens it.
     */
    @Test
    void theChanceGivenTheCurveIsCalibratedAndSharpensWithEveryPoint() {
        SplittableRandom random = new SplittableRandom(3);
        int bins = 10;
        int points = PlannedRun.TRAINER_PROGRESS_EVENTS;
        double[][] chanceSum = new double[points + 1][bins];
        double[][] blessedSum = new double[points + 1][bins];
        int[][] count = new int[points + 1][bins];
        double[] brier = new double[points + 1];
        int runs = 200_000;
        for (int r = 0; r < runs; r++) {
            double mean = 0.7 + random.nextGaussian() * 0.03;
            double bar = 0.7 + random.nextGaussian() * 0.03;
            double ramp = 0.05 + random.nextDouble() * 0.15;
            PlannedRun.Latent latent = new PlannedRun.Latent(mean, 0.012, bar, ramp);
            double quality = mean + random.nextGaussian() * 0.012;
            boolean blessed = quality > bar;
            List<Double> curve = new ArrayList<>();
            for (int k = 0; k <= points; k++) {
                if (k > 0) {
                    double progress = k / (points + 1.0);
                    curve.add(quality - ramp * (1 - progress) + random.nextGaussian() * PlannedRun.CURVE_NOISE / Math.sqrt(k));
                }
                double chance = latent.blessChance(curve);
                int bin = Math.min(bins - 1, (int) (chance * bins));
                chanceSum[k][bin] += chance;
                blessedSum[k][bin] += blessed ? 1 : 0;
                count[k][bin]++;
                brier[k] += Math.pow(chance - (blessed ? 1 : 0), 2) / runs;
            }
        }
        for (int k = 0; k <= points; k++) {
            for (int b = 0; b < bins; b++) {
                if (count[k][b] >= 2_000) {
                    assertThat(blessedSum[k][b] / count[k][b]).as("curve points %d, bin %d", k, b)
                            .isCloseTo(chanceSum[k][b] / count[k][b], within(0.02));
                }
            }
            if (k > 0) {
                assertThat(brier[k]).as("Brier score after %d points", k).isLessThan(brier[k - 1]);
            }
        }
    }

    @Test
    void theSimulatorsPlansCarryTheirHiddenState() {
        List<PlannedRun> plans = new ArrayList<>();
        FleetSimulator fleet = new FleetSimulator(new SimulationSettings(40, 30, 11L, 1.0, 0.85, SimulationSettings.DEFAULT_START), plans::add);
        while (fleet.hasNext()) {
            fleet.next();
        }
        assertThat(plans).isNotEmpty();
        for (PlannedRun plan : plans) {
            PlannedRun.Latent latent = plan.latent();
            if (plan.deploys()) { // a run that deploys was blessed: never given no chance of it
                assertThat(latent.blessChance(List.of())).as(plan.runId()).isPositive();
                assertThat(plan.quality()).as(plan.runId()).isGreaterThan(latent.bar());
            }
            if (plan.identical()) {
                assertThat(latent.sd()).as(plan.runId()).isZero();
                assertThat(latent.mean()).as(plan.runId()).isEqualTo(plan.quality());
            } else {
                assertThat(latent.sd()).as(plan.runId()).isEqualTo(PipelineProfile.QUALITY_NOISE);
            }
        }
        assertThat(plans).anyMatch(p -> p.latent().bar() == Double.NEGATIVE_INFINITY)
                .anyMatch(p -> Double.isFinite(p.latent().bar()));
    }
}
