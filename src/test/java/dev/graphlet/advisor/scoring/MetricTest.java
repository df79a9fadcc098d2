package dev.graphlet.advisor.scoring;

import static dev.graphlet.advisor.scoring.FeaturesTest.DAY;
import static dev.graphlet.advisor.scoring.FeaturesTest.T0;
import static dev.graphlet.advisor.scoring.FeaturesTest.feature;
import static dev.graphlet.advisor.scoring.FeaturesTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.RunFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A metric's direction and unit: a loss on another scale must read exactly as the AUC it mirrors. */
class MetricTest {

    /** A loss three times as spread out as the AUC, lower being better. */
    static final Metric LOSS = new Metric("loss", false, 0.03);
    static final DriftCost AUC_DRIFT = new DriftCost(0.01, -1);
    static final DriftCost LOSS_DRIFT = new DriftCost(0.01, 3);

    static double loss(double auc) {
        return 3 * (1 - auc);
    }

    /** The same run, reported in the loss: evaluation, baseline and curve mirrored. */
    static RunFacts asLoss(RunFacts auc) {
        RunFacts run = RunFacts.newBuilder(auc).build();
        if (auc.getEvaluation() >= 0) {
            run.setEvaluation(loss(auc.getEvaluation()));
        }
        if (auc.getBaselineEvaluation() >= 0) {
            run.setBaselineEvaluation(loss(auc.getBaselineEvaluation()));
        }
        run.setCurveValues(auc.getCurveValues().stream().map(MetricTest::loss).toList());
        return run;
    }

    @Test
    void aLossOnAnotherScaleGivesTheFeaturesTheAucGives() {
        SplittableRandom random = new SplittableRandom(5);
        PipelineHistory auc = PipelineHistories.empty();
        PipelineHistory loss = PipelineHistories.empty();
        double deployed = 0.70;
        int compared = 0;
        for (int i = 0; i < 160; i++) {
            String module = "c" + i / 50; // two new modules: the level's shift
            double drift = i % 9 == 4 ? 0.08 : 0.005;
            double quality = 0.70 + i / 50 * 0.01 + random.nextGaussian() * 0.012 - (drift > 0.05 ? 0.06 : 0);
            RunFacts run = run(i, "s", "ExampleGen", module, "h");
            run.setDrift(drift);
            run.setBaselineEvaluation(deployed);
            run.getCurveSteps().addAll(java.util.List.of(100.0, 200.0));
            run.getCurveValues().addAll(java.util.List.of(quality - 0.04 + random.nextGaussian() * 0.01,
                    quality - 0.02 + random.nextGaussian() * 0.005));
            if (i % 10 == 9) { // a candidate in training, before its evaluation: every feature alike
                for (DecisionPoint point : DecisionPoint.values()) {
                    double[] x = Features.extract(point, auc, run, T0 + i * DAY, Metric.AUC, AUC_DRIFT);
                    double[] y = Features.extract(point, loss, asLoss(run), T0 + i * DAY, LOSS, LOSS_DRIFT);
                    for (int f = 0; f < x.length; f++) {
                        assertThat(y[f]).as("%s at %s, run %d", Features.NAMES.get(f), point, i).isCloseTo(x[f], within(1e-9));
                    }
                    compared++;
                }
                double[] late = Features.extract(DecisionPoint.IN_TRAINING, auc, run, T0 + i * DAY, Metric.AUC, AUC_DRIFT);
                if (i > 100) { // the comparison has something to compare
                    assertThat(feature(late, "expected_margin")).isNotZero();
                    assertThat(feature(late, "curve_margin")).isNotZero();
                    assertThat(feature(late, "curve_vs_peers")).isNotZero();
                }
            }
            boolean blessed = quality - deployed >= 0.005;
            run.setEvaluation(quality);
            run.setBlessed(blessed ? 1 : 0);
            PipelineHistories.record(auc, run, blessed, T0 + i * DAY, true, 1, true, 100_000, Metric.AUC, AUC_DRIFT);
            PipelineHistories.record(loss, asLoss(run), blessed, T0 + i * DAY, true, 1, true, 100_000, LOSS, LOSS_DRIFT);
            deployed = blessed ? quality : deployed;
        }
        assertThat(compared).isEqualTo(16 * DecisionPoint.values().length);
        // The level mirrors the AUC's; the bar (an improvement, better being positive) is three times as large.
        assertThat(PipelineHistories.level(loss, LOSS_DRIFT)).isCloseTo(loss(PipelineHistories.level(auc, AUC_DRIFT)), within(1e-9));
        assertThat(auc.getBlessBar()).isGreaterThan(0.002);
        assertThat(loss.getBlessBar()).isCloseTo(3 * auc.getBlessBar(), within(1e-9));
    }

    @Test
    void theBlessingBarOfALossIsAnImprovementDownwards() {
        PipelineHistory history = PipelineHistories.empty();
        RunFacts first = run(0, "s", "ExampleGen", "c", "h");
        first.setEvaluation(0.90);
        first.setBlessed(1);
        PipelineHistories.record(history, first, true, T0, true, 1, true, 100_000, LOSS, DriftCost.NONE);
        // the Evaluator blesses a loss at least 0.06 below the deployed model's, never more
        for (int i = 1; i <= 400; i++) {
            RunFacts candidate = run(i, "s", "ExampleGen", "c", "h");
            double drop = ((i * 37) % 80 - 40) * 3 / 1000.0; // -0.120 .. +0.117
            candidate.setEvaluation(0.90 - drop);
            candidate.setBlessed(drop >= 0.06 ? 1 : 0);
            PipelineHistories.record(history, candidate, false, T0 + i * 1000, true, 1, true, 100_000, LOSS, DriftCost.NONE);
        }
        assertThat(history.getBlessBar()).isCloseTo(0.06, within(0.015));
    }

    @Test
    void aMetricNamedLikeALossButTakenAsHigherIsBetterIsWarnedOf() {
        for (String name : new String[] {"loss", "val_loss", "RMSE", "mean_absolute_error", "error-rate"}) {
            assertThat(new Metric(name, true, 0.01).directionWarning()).as(name).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(name, "advisor.scoring.higher-is-better");
            assertThat(new Metric(name, false, 0.01).directionWarning()).as(name).isEmpty();
        }
        for (String name : new String[] {"auc", "binary_accuracy", "terror_score", "glossary"}) {
            assertThat(new Metric(name, true, 0.01).directionWarning()).as(name).isEmpty();
        }
    }

    @TempDir
    Path dir;

    /** The configuration of a properties file with these settings. */
    AdvisorConfig config(Map<String, String> settings) throws IOException {
        Path file = Files.createTempFile(dir, "advisor", ".properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try (var out = Files.newOutputStream(file)) {
            properties.store(out, null);
        }
        return AdvisorConfig.load(Optional.of(file), Map.of(), Optional.empty(), Optional.empty());
    }

    @Test
    void theMetricIsConfiguredByNameDirectionAndUnit() throws IOException {
        assertThat(ScoringConfig.metric(config(Map.of()))).isEqualTo(Metric.AUC);
        assertThat(Metric.AUC.scale()).isEqualTo(1.0);
        Metric rmse = ScoringConfig.metric(config(Map.of("advisor.scoring.curve-metric", "rmse",
                "advisor.scoring.higher-is-better", "false", "advisor.scoring.metric-unit", "250")));
        assertThat(rmse).isEqualTo(new Metric("rmse", false, 250));
        assertThat(rmse.gain(1000, 1250)).isEqualTo(250);
        assertThat(rmse.scale()).isEqualTo(25_000);
        assertThatThrownBy(() -> ScoringConfig.metric(config(Map.of("advisor.scoring.metric-unit", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advisor.scoring.metric-unit");
        assertThatThrownBy(() -> ScoringConfig.metric(config(Map.of("advisor.scoring.curve-metric", " "))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advisor.scoring.curve-metric");
    }
}
