package dev.graphlet.advisor.scoring;

import static dev.graphlet.advisor.scoring.FeaturesTest.DAY;
import static dev.graphlet.advisor.scoring.FeaturesTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.RunFacts;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The policy around the model: guards, modes, holdouts, and what a run's end teaches. */
class AdvisorTest {

    static final ScoringSettings NO_HOLDOUT = ScoringSettings.DEFAULTS.withHoldout(0).withMode(Mode.ACTIVE);

    /** A model that has seen enough, is calibrated, and scores every run as very unlikely to deploy. */
    static ModelState pessimist() {
        ModelState model = OnlineModel.fresh();
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            model.getWeights().get(p).set(0, -6.0);
            model.getSeen().set(p, 10_000.0);
        }
        IntStream.range(0, Advisor.MIN_CALIBRATION).forEach(i -> {
            model.getRingScores().add(1.0f);
            model.getRingProbabilities().add(0.9f);
            model.getRingOutcomes().add(1);
        });
        model.setThreshold(0.5);
        return model;
    }

    /** A pipeline with two daily pushes behind it: it has a model and a usual interval. */
    static PipelineHistory steady() {
        return FeaturesTest.pushedDaily(FeaturesTest.run(1, "s", "ExampleGen", "c", "h"), 2);
    }

    @Test
    void aLowScoreIsASkipOnceEveryGuardIsPassed() {
        Verdict verdict = new Advisor(NO_HOLDOUT).decide(DecisionPoint.PRE_TRAIN, "g", steady(), RunFactsFold.empty(),
                pessimist(), T0 + 2 * DAY, 0, Mode.ACTIVE);
        assertThat(verdict.guard()).isNull();
        assertThat(verdict.skip()).isTrue();
        assertThat(verdict.probability()).isLessThan(0.01);
    }

    @Test
    void runStartIsScoredButNotSkippedUnlessConfigured() {
        Verdict verdict = new Advisor(NO_HOLDOUT).decide(DecisionPoint.RUN_START, "g", steady(), RunFactsFold.empty(),
                pessimist(), T0 + 2 * DAY, 0, Mode.ACTIVE);
        assertThat(verdict.guard()).isEqualTo("RUN_START");
        assertThat(verdict.skip()).isFalse();
        ScoringSettings early = new ScoringSettings(0.01, 0, 500, 2.0, Metric.AUC, java.time.Duration.ofMinutes(30), 0,
                Mode.ACTIVE, 1000, true, 0.5);
        assertThat(new Advisor(early).decide(DecisionPoint.RUN_START, "g", steady(), RunFactsFold.empty(), pessimist(),
                T0 + 2 * DAY, 0, Mode.ACTIVE).skip()).isTrue();
    }

    @Test
    void theBaselineIsTheModelDeployedAtTheRunsFirstDecisionPoint() {
        PipelineHistory history = FeaturesTest.pushedDaily(FeaturesTest.blessed(0.70), 2);
        RunFacts run = RunFactsFold.empty();
        Advisor advisor = new Advisor(NO_HOLDOUT);
        advisor.decide(DecisionPoint.RUN_START, "g", history, run, OnlineModel.fresh(), T0 + 2 * DAY, 0, Mode.SHADOW);
        assertThat(run.getBaselineEvaluation()).isEqualTo(0.70);
        PipelineHistories.record(history, FeaturesTest.blessed(0.75), true, T0 + 2 * DAY + 1000, true, 1, true, 100_000);
        advisor.decide(DecisionPoint.PRE_TRAIN, "g", history, run, OnlineModel.fresh(), T0 + 2 * DAY + 2000, 0, Mode.SHADOW);
        assertThat(run.getBaselineEvaluation()).isEqualTo(0.70); // kept from the run's start
        RunFacts before = RunFactsFold.empty();
        advisor.decide(DecisionPoint.RUN_START, "g2", PipelineHistories.empty(), before, OnlineModel.fresh(), T0, 0, Mode.SHADOW);
        assertThat(before.getBaselineEvaluation()).isEqualTo(-1); // nothing deployed yet
    }

    @Test
    void noSkipBeforeThePipelineHasADeployedModelOrAKnownCadence() {
        Advisor advisor = new Advisor(NO_HOLDOUT);
        Verdict none = advisor.decide(DecisionPoint.PRE_TRAIN, "g", PipelineHistories.empty(), RunFactsFold.empty(),
                pessimist(), T0, 0, Mode.ACTIVE);
        assertThat(none.guard()).isEqualTo("NO_DEPLOYED_MODEL");
        assertThat(none.skip()).isFalse();

        PipelineHistory onePush = FeaturesTest.pushedDaily(FeaturesTest.run(1, "s", "ExampleGen", "c", "h"), 1);
        Verdict unknown = advisor.decide(DecisionPoint.PRE_TRAIN, "g", onePush, RunFactsFold.empty(), pessimist(), T0 + DAY, 0, Mode.ACTIVE);
        assertThat(unknown.guard()).isEqualTo("CADENCE_UNKNOWN");
        assertThat(unknown.skip()).isFalse();
    }

    @Test
    void noSkipForAPipelineOverdueForAPushByItsOwnUsualInterval() {
        Advisor advisor = new Advisor(NO_HOLDOUT); // overdue after 2 usual intervals (one day here)
        assertThat(advisor.decide(DecisionPoint.PRE_TRAIN, "g", steady(), RunFactsFold.empty(), pessimist(),
                T0 + DAY + 2 * DAY - 1, 0, Mode.ACTIVE).skip()).isTrue();
        Verdict overdue = advisor.decide(DecisionPoint.PRE_TRAIN, "g", steady(), RunFactsFold.empty(), pessimist(),
                T0 + DAY + 2 * DAY + 1, 0, Mode.ACTIVE);
        assertThat(overdue.guard()).isEqualTo("OVERDUE");
        assertThat(overdue.skip()).isFalse();
        assertThat(overdue.withheld()).as("the guard withholds a SKIP the score asked for").isTrue();
        // a run the model expects to deploy is not a SKIP withheld, guard or not
        ModelState optimist = pessimist();
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            optimist.getWeights().get(p).set(0, 6.0);
        }
        Verdict likely = advisor.decide(DecisionPoint.PRE_TRAIN, "g", steady(), RunFactsFold.empty(), optimist,
                T0 + DAY + 2 * DAY + 1, 0, Mode.ACTIVE);
        assertThat(likely.guard()).isEqualTo("OVERDUE");
        assertThat(likely.withheld()).isFalse();
        Verdict unguarded = advisor.decide(DecisionPoint.PRE_TRAIN, "g", steady(), RunFactsFold.empty(), pessimist(),
                T0 + DAY + 2 * DAY - 1, 0, Mode.ACTIVE);
        assertThat(unguarded.withheld()).isFalse();
    }

    @Test
    void withTheCadenceGuardOffAnOverduePipelineOrOneOfUnknownCadenceMayBeSkippedButNotOneWithNothingDeployed() {
        Advisor advisor = new Advisor(NO_HOLDOUT.withOverdueFactor(ScoringSettings.CADENCE_GUARD_OFF));
        Verdict longOverdue = advisor.decide(DecisionPoint.PRE_TRAIN, "g", steady(), RunFactsFold.empty(), pessimist(),
                T0 + 400 * DAY, 0, Mode.ACTIVE);
        assertThat(longOverdue.guard()).isNull();
        assertThat(longOverdue.skip()).isTrue();
        PipelineHistory onePush = FeaturesTest.pushedDaily(FeaturesTest.run(1, "s", "ExampleGen", "c", "h"), 1);
        assertThat(advisor.decide(DecisionPoint.PRE_TRAIN, "g", onePush, RunFactsFold.empty(), pessimist(), T0 + DAY, 0,
                Mode.ACTIVE).skip()).isTrue();
        assertThat(advisor.decide(DecisionPoint.PRE_TRAIN, "g", PipelineHistories.empty(), RunFactsFold.empty(), pessimist(),
                T0, 0, Mode.ACTIVE).guard()).isEqualTo("NO_DEPLOYED_MODEL");
    }

    @Test
    void noSkipUntilTheModelHasSeenEnoughOutcomes() {
        ModelState young = pessimist();
        young.getSeen().set(1, NO_HOLDOUT.minOutcomes() - 1);
        Verdict verdict = new Advisor(NO_HOLDOUT).decide(DecisionPoint.PRE_TRAIN, "g", steady(), RunFactsFold.empty(),
                young, T0 + 2 * DAY, 0, Mode.ACTIVE);
        assertThat(verdict.guard()).isEqualTo("WARMING_UP");
        assertThat(verdict.skip()).isFalse();
    }

    @Test
    void shadowAdviceIsASkipThatIsNotActedOnAndOffSaysNothing() {
        Advisor advisor = new Advisor(NO_HOLDOUT);
        RunFacts shadowRun = RunFactsFold.empty();
        Verdict shadow = advisor.decide(DecisionPoint.PRE_TRAIN, "g", steady(), shadowRun, pessimist(), T0 + 2 * DAY, 0, Mode.SHADOW);
        assertThat(shadow.skip()).isTrue();
        assertThat(shadow.mode()).isEqualTo(Mode.SHADOW);
        assertThat(shadowRun.getSkipped()).as("a shadow SKIP is not followed: the run's outcome still teaches").isFalse();

        RunFacts offRun = RunFactsFold.empty();
        Verdict off = advisor.decide(DecisionPoint.PRE_TRAIN, "g", steady(), offRun, pessimist(), T0 + 2 * DAY, 0, Mode.OFF);
        assertThat(off.skip()).isFalse();
        assertThat(offRun.getScored()).as("scored all the same, so the model keeps learning").hasSize(1);
    }

    @Test
    void controlsResolveKillSwitchThenPipelineThenFleetThenConfiguration() {
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        assertThat(Control.modeFor(settings::get, "p", Mode.SHADOW)).isEqualTo(Mode.SHADOW);
        settings.put(Control.FLEET_MODE, "active");
        assertThat(Control.modeFor(settings::get, "p", Mode.SHADOW)).isEqualTo(Mode.ACTIVE);
        settings.put(Control.PIPELINE_MODE + "p", "OFF");
        assertThat(Control.modeFor(settings::get, "p", Mode.SHADOW)).isEqualTo(Mode.OFF);
        assertThat(Control.modeFor(settings::get, "q", Mode.SHADOW)).isEqualTo(Mode.ACTIVE);
        settings.put(Control.KILL_SWITCH, "on");
        assertThat(Control.modeFor(settings::get, "q", Mode.SHADOW)).isEqualTo(Mode.OFF);
        assertThat(Control.valid(Control.FLEET_MODE, "sideways")).isFalse();
        assertThat(Control.valid(Control.KILL_SWITCH, "off")).isTrue();
        assertThat(Control.valid("something-else", "x")).isFalse();
    }

    @Test
    void aHoldoutIsAWouldBeSkipAnsweredContinueAndItsOutcomeTeachesWithInverseWeight() {
        ScoringSettings settings = ScoringSettings.DEFAULTS.withHoldout(0.2).withMode(Mode.ACTIVE);
        Advisor advisor = new Advisor(settings);
        String holdoutGraphlet = IntStream.range(0, 1000).mapToObj(i -> "g" + i)
                .filter(g -> advisor.draw(g) < 0.2).findFirst().orElseThrow();
        String ordinary = IntStream.range(0, 1000).mapToObj(i -> "g" + i)
                .filter(g -> advisor.draw(g) >= 0.2).findFirst().orElseThrow();
        ModelState model = pessimist();

        RunFacts held = RunFactsFold.empty();
        Verdict verdict = advisor.decide(DecisionPoint.PRE_TRAIN, holdoutGraphlet, steady(), held, model, T0 + 2 * DAY, 0, Mode.ACTIVE);
        assertThat(verdict.wouldSkip()).isTrue();
        assertThat(verdict.holdout()).isTrue();
        assertThat(verdict.skip()).isFalse();
        assertThat(advisor.decide(DecisionPoint.PRE_TRAIN, ordinary, steady(), RunFactsFold.empty(), model, T0 + 2 * DAY, 0, Mode.ACTIVE).skip()).isTrue();

        double before = model.getSeen().get(1);
        advisor.learn(steady(), held, model, true, T0 + 2 * DAY + 3600_000, 100_000, true);
        assertThat(model.getSeen().get(1) - before).isCloseTo(1 / 0.2, within(1e-9));
    }

    @Test
    void aRunSkippedOnAdviceNeverTeachesButCountsAsARunWithoutAPush() {
        Advisor advisor = new Advisor(NO_HOLDOUT);
        ModelState model = pessimist();
        PipelineHistory history = steady();
        RunFacts run = RunFactsFold.empty();
        assertThat(advisor.decide(DecisionPoint.PRE_TRAIN, "g", history, run, model, T0 + 2 * DAY, 0, Mode.ACTIVE).skip()).isTrue();
        assertThat(run.getSkipped()).isTrue();
        double pushes = history.getPushWeight();
        java.util.List<Double> weights = java.util.List.copyOf(model.getWeights().get(1));

        advisor.learn(history, run, model, false, T0 + 2 * DAY + 60_000, 1_000, false);

        assertThat(model.getWeights().get(1)).isEqualTo(weights);
        assertThat(model.getVersion()).isZero();
        assertThat(history.getPushWeight()).isEqualTo(pushes);
        assertThat(history.getOutcomes()).isEqualTo(2);
        assertThat(history.getRunsSincePush()).isEqualTo(1);
        assertThat(model.getRingOutcomes().get(model.getRingOutcomes().size() - 1)).as("unknown outcome").isEqualTo(-1);
    }

    @Test
    void outcomesTeachTheModelToSeparateDeployingFromNonDeployingRuns() {
        Advisor advisor = new Advisor(NO_HOLDOUT);
        ModelState model = OnlineModel.fresh();
        PipelineHistory history = steady();
        for (int i = 0; i < 4000; i++) {
            RunFacts run = RunFactsFold.empty();
            boolean drifted = i % 3 == 0;
            run.setDrift(drifted ? 0.12 : 0.005);
            run.setTrainerSeen(true);
            advisor.decide(DecisionPoint.PRE_TRAIN, "g" + i, history, run, model, T0 + 2 * DAY, 0, Mode.ACTIVE);
            advisor.learn(PipelineHistories.empty(), run, model, !drifted, T0 + 2 * DAY, 100_000, true);
        }
        RunFacts drifted = RunFactsFold.empty();
        drifted.setDrift(0.12);
        drifted.setTrainerSeen(true);
        RunFacts clean = RunFactsFold.empty();
        clean.setDrift(0.005);
        clean.setTrainerSeen(true);
        double pDrifted = advisor.decide(DecisionPoint.PRE_TRAIN, "x", history, drifted, model, T0 + 2 * DAY, 0, Mode.OFF).probability();
        double pClean = advisor.decide(DecisionPoint.PRE_TRAIN, "y", history, clean, model, T0 + 2 * DAY, 0, Mode.OFF).probability();
        assertThat(pDrifted).isLessThan(0.1);
        assertThat(pClean).isGreaterThan(0.9);
        assertThat(OnlineModel.reasons(model, 1, Features.extract(DecisionPoint.PRE_TRAIN, history, drifted, T0 + 2 * DAY, true), 3))
                .first().satisfies(r -> assertThat(r.getFeature()).startsWith("drift"));
    }

    @Test
    void theThresholdIsTheHighestThatKeepsMissedDeploymentsWithinTheTargetAtOneStandardDeviation() {
        java.util.List<Float> scores = new java.util.ArrayList<>();
        java.util.List<Float> probabilities = new java.util.ArrayList<>();
        java.util.List<Integer> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) { // 100 runs that deployed, scored 0.00 .. 0.99, with p equal to their score
            scores.add(i / 100f);
            probabilities.add(i / 100f);
            outcomes.add(1);
        }
        // 1% of 100 deployments = 1.0 miss allowed. Runs 0.00..0.08 expect 0.36 misses with variance sum p(1-p) =
        // 0.34: 0.36 + 0.58 = 0.94 fits; adding 0.09 gives 0.45 + sqrt(0.42) = 1.10, over. (On expectations alone the
        // threshold would be 0.14: 0.00..0.13 sum to 0.91.)
        double threshold = OnlineModel.threshold(scores, probabilities, outcomes, 0.01);
        assertThat(threshold).isCloseTo(0.09, within(1e-6));
    }
}
