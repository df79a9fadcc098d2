package dev.graphlet.advisor.scoring;

import static dev.graphlet.advisor.scoring.FeaturesTest.DAY;
import static dev.graphlet.advisor.scoring.FeaturesTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's cost against the typical run's: learned on the model, and weighed by the policy. */
class RunCostTest {

    @Test
    void theTypicalCostIsTheMeanLogCostThenDecays() {
        ModelState model = OnlineModel.fresh();
        assertThat(RunCost.logDearness(model, 50_000)).as("nothing learned yet").isZero();

        RunCost.learn(model, 1_000);
        RunCost.learn(model, 4_000);
        RunCost.learn(model, 0); // a pipeline whose runs' cost is not known yet teaches nothing

        assertThat(model.getRunCostRuns()).isEqualTo(2);
        assertThat(model.getRunCostLogMean()).isCloseTo(Math.log(2_000), within(1e-12));
        assertThat(RunCost.logDearness(model, 8_000)).isCloseTo(Math.log(4), within(1e-12));
        assertThat(RunCost.logDearness(model, 500)).isCloseTo(-Math.log(4), within(1e-12));
        assertThat(RunCost.logDearness(model, 0)).as("unknown cost").isZero();
        assertThat(RunCost.logDearness(model, 2_000 * 1e6)).as("capped").isEqualTo(RunCost.MAX_LOG_DEARNESS);

        model.setRunCostRuns(RunCost.MEMORY * 5L);
        double before = model.getRunCostLogMean();
        RunCost.learn(model, 2_000 * Math.exp(1));
        assertThat(model.getRunCostLogMean() - before).as("one run moves it by 1/MEMORY of its difference")
                .isCloseTo(1.0 / RunCost.MEMORY, within(1e-12));
    }

    /** Two pipelines alike but for what their runs cost, scored as equally unlikely to deploy. */
    @Test
    void aDearRunIsSkippedWhereAnEquallyLikelyCheapOneIsNot() {
        ModelState model = AdvisorTest.pessimist(); // scores every run at p = sigmoid(-6)
        model.setRunCostLogMean(Math.log(100_000));
        model.setRunCostRuns(RunCost.MEMORY);
        model.setThreshold(OnlineModel.sigmoid(-6)); // a run is skipped when its score is below this
        PipelineHistory cheap = AdvisorTest.steady();
        cheap.setRunCostMilli(100_000 * Math.exp(-2));
        PipelineHistory dear = AdvisorTest.steady();
        dear.setRunCostMilli(100_000 * Math.exp(2));

        Advisor weighing = new Advisor(AdvisorTest.NO_HOLDOUT.withCostWeight(0.5));
        Verdict cheapVerdict = weighing.decide(DecisionPoint.PRE_TRAIN, "a", cheap, RunFactsFold.empty(), model,
                T0 + 2 * DAY, 0, Mode.ACTIVE);
        Verdict dearVerdict = weighing.decide(DecisionPoint.PRE_TRAIN, "b", dear, RunFactsFold.empty(), model,
                T0 + 2 * DAY, 0, Mode.ACTIVE);
        assertThat(cheapVerdict.probability()).isEqualTo(dearVerdict.probability());
        assertThat(cheapVerdict.skip()).isFalse();
        assertThat(dearVerdict.skip()).isTrue();
        // The threshold on the probability each advisory shows moves by the cost's odds: e^(0.5 x 2) either way.
        double odds = logit(dearVerdict.threshold()) - logit(cheapVerdict.threshold());
        assertThat(odds).isCloseTo(2.0, within(1e-9));

        Advisor blind = new Advisor(AdvisorTest.NO_HOLDOUT.withCostWeight(0));
        assertThat(blind.decide(DecisionPoint.PRE_TRAIN, "c", dear, RunFactsFold.empty(), model, T0 + 2 * DAY, 0,
                Mode.ACTIVE).skip()).as("cost weight 0: the cost does not count").isFalse();
    }

    @Test
    void everyRunThatEndsTeachesTheTypicalCostSkippedOrNot() {
        Advisor advisor = new Advisor(AdvisorTest.NO_HOLDOUT);
        ModelState model = AdvisorTest.pessimist();
        PipelineHistory history = AdvisorTest.steady();
        history.setRunCostMilli(30_000);
        var run = RunFactsFold.empty();
        assertThat(advisor.decide(DecisionPoint.PRE_TRAIN, "g", history, run, model, T0 + 2 * DAY, 0, Mode.ACTIVE).skip()).isTrue();

        advisor.learn(history, run, model, false, T0 + 2 * DAY + 60_000, 1_000, false);

        assertThat(model.getRunCostRuns()).isEqualTo(1);
        assertThat(model.getRunCostLogMean()).isCloseTo(Math.log(30_000), within(1e-12));
    }

    @Test
    void theCostWeightIsConfiguredBetweenZeroAndOne(@TempDir Path dir) throws IOException {
        assertThat(ScoringConfig.settings(config(dir, "")).costWeight()).isEqualTo(0.5);
        assertThat(ScoringConfig.settings(config(dir, "advisor.policy.cost-weight=0\n")).costWeight()).isZero();
        assertThatThrownBy(() -> ScoringConfig.settings(config(dir, "advisor.policy.cost-weight=1.5\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advisor.policy.cost-weight");
    }

    private static AdvisorConfig config(Path dir, String properties) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "advisor", ".properties"), properties);
        return AdvisorConfig.load(Optional.of(file), Map.of(), Optional.empty(), Optional.empty());
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
