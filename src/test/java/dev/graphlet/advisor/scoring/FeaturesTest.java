package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.RunFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each feature from hand-made run facts and pipeline histories. */
class FeaturesTest {

    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();

    static double feature(double[] x, String name) {
        return x[Features.NAMES.indexOf(name)];
    }

    static RunFacts run(long span, String schema, String components, String module, String hparams) {
        RunFacts run = RunFactsFold.empty();
        run.setSpan(span);
        run.setDataFingerprints("Examples:ex-" + span);
        run.setSchemaFingerprint(schema);
        run.setPreTrainComponents(components);
        run.setModuleFingerprint(module);
        run.setHparamsFingerprint(hparams);
        run.setTrainerSeen(true);
        return run;
    }

    /** A pipeline that pushed runs one day apart, the last of them with {@code deployed}'s facts. */
    static PipelineHistory pushedDaily(RunFacts deployed, int pushes) {
        PipelineHistory history = PipelineHistories.empty();
        for (int i = 0; i < pushes; i++) {
            PipelineHistories.record(history, deployed, true, T0 + i * DAY, true, 1, true, 100_000);
        }
        return history;
    }

    @Test
    void pushHistoryFeaturesFollowThePipelinesPushes() {
        RunFacts deployed = run(10, "s1", "ExampleGen,Transform", "c1", "h1");
        PipelineHistory history = pushedDaily(deployed, 3);
        PipelineHistories.record(history, run(11, "s1", "ExampleGen,Transform", "c1", "h1"), false, T0 + 3 * DAY, true, 1, true, 100_000);
        long now = T0 + 4 * DAY; // two days since the last push, usual interval one day

        double[] x = Features.extract(DecisionPoint.RUN_START, history, RunFactsFold.empty(), now, true);

        double pushWeight = (1 * PipelineHistories.DECAY + 1) * PipelineHistories.DECAY + 1; // three pushes, decayed
        pushWeight *= PipelineHistories.DECAY; // then one miss
        double missWeight = 1;
        assertThat(feature(x, "push_rate")).isCloseTo((pushWeight + 1) / (pushWeight + missWeight + 2), within(1e-9));
        assertThat(feature(x, "runs_since_push")).isCloseTo(Math.log1p(1), within(1e-9));
        assertThat(feature(x, "overdue")).isCloseTo(Math.log(2), within(1e-9));
        assertThat(feature(x, "deployed_age_days")).isCloseTo(Math.log1p(2), within(1e-9));
        assertThat(feature(x, "previous_deployed")).isZero();
        // at RUN_START nothing of the run is known yet
        assertThat(feature(x, "drift")).isZero();
        assertThat(feature(x, "identical_to_previous")).isZero();
        assertThat(feature(x, "curve_delta")).isZero();
    }

    @Test
    void changesAreMeasuredAgainstTheDeployedModelsRun() {
        RunFacts deployed = run(10, "s1", "ExampleGen,Transform,Tuner", "c1", "h1");
        PipelineHistory history = pushedDaily(deployed, 2);

        double[] same = Features.extract(DecisionPoint.PRE_TRAIN, history, run(10, "s1", "ExampleGen,Transform,Tuner", "c1", "h1"), T0 + 2 * DAY, true);
        assertThat(feature(same, "identical_to_deployed")).isEqualTo(1);
        assertThat(feature(same, "identical_to_previous")).isEqualTo(1);
        assertThat(feature(same, "new_spans")).isZero();

        double[] changed = Features.extract(DecisionPoint.PRE_TRAIN, history, run(12, "s2", "ExampleGen,Transform", "c2", "h2"), T0 + 2 * DAY, true);
        assertThat(feature(changed, "identical_to_deployed")).isZero();
        assertThat(feature(changed, "new_spans")).isEqualTo(2);
        assertThat(feature(changed, "schema_changed")).isEqualTo(1);
        assertThat(feature(changed, "structure_changed")).isEqualTo(1);
        assertThat(feature(changed, "code_changed")).isEqualTo(1);
        assertThat(feature(changed, "hparams_changed")).isEqualTo(1);
    }

    @Test
    void dataQualitySignalsAreReadFromTheRunsArtifacts() {
        RunFacts facts = RunFactsFold.empty();
        RunFactsFold.fold(facts, event("StatisticsGen", ExecutionState.COMPLETE, List.of(),
                List.of(artifact("ExampleStatistics", null, Map.of("drift", "0.0700")))), "auc");
        RunFactsFold.fold(facts, event("ExampleValidator", ExecutionState.COMPLETE, List.of(),
                List.of(artifact("ExampleAnomalies", null, Map.of("anomaly_count", "4")))), "auc");
        PipelineHistory history = pushedDaily(run(1, "s1", "ExampleGen", "c1", "h1"), 2);

        double[] x = Features.extract(DecisionPoint.PRE_TRAIN, history, facts, T0 + 2 * DAY, true);

        assertThat(feature(x, "drift")).isCloseTo(0.7, within(1e-9));
        assertThat(feature(x, "drift_excess")).isCloseTo((0.07 - 0.04) * 20, within(1e-9));
        assertThat(feature(x, "anomalies")).isCloseTo(Math.log1p(4), within(1e-9));

        PipelineHistories.record(history, facts, false, T0 + 2 * DAY, true, 1, true, 100_000);
        double[] next = Features.extract(DecisionPoint.RUN_START, history, RunFactsFold.empty(), T0 + 3 * DAY, true);
        assertThat(feature(next, "previous_drift")).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void upstreamFailuresAreARecentRateOfFailedRunsThatOnlyKnownOutcomesMove() {
        PipelineHistory history = pushedDaily(run(1, "s1", "ExampleGen", "c1", "h1"), 2);
        assertThat(feature(Features.extract(DecisionPoint.RUN_START, history, RunFactsFold.empty(), T0 + 2 * DAY, true),
                "failure_rate")).isZero();

        RunFacts failed = run(2, "s1", "ExampleGen", "c1", "h1");
        failed.setFailed(true);
        PipelineHistories.record(history, failed, false, T0 + 2 * DAY, true, 1, false, 30_000);
        assertThat(feature(Features.extract(DecisionPoint.RUN_START, history, RunFactsFold.empty(), T0 + 3 * DAY, true),
                "failure_rate")).isCloseTo(0.05, within(1e-9));

        // a run skipped on advice tells nothing of failures; a run that completed brings the rate down
        PipelineHistories.record(history, failed, false, T0 + 3 * DAY, false, 1, false, 30_000);
        PipelineHistories.record(history, run(3, "s1", "ExampleGen", "c1", "h1"), false, T0 + 4 * DAY, true, 1, true, 100_000);
        assertThat(feature(Features.extract(DecisionPoint.PRE_TRAIN, history, RunFactsFold.empty(), T0 + 5 * DAY, true),
                "failure_rate")).isCloseTo(0.05 * 0.95, within(1e-9));

        // a holdout's outcome counts for 1/holdout runs (at most half the rate's memory)
        PipelineHistories.record(history, failed, false, T0 + 5 * DAY, true, 20, false, 30_000);
        assertThat(feature(Features.extract(DecisionPoint.RUN_START, history, RunFactsFold.empty(), T0 + 6 * DAY, true),
                "failure_rate")).isCloseTo(0.05 * 0.95 * 0.5 + 0.5, within(1e-9));
    }

    @Test
    void aPreviousRunThatChangedWhatTheDeployedModelWasTrainedOnAndDidNotPushIsFlagged() {
        RunFacts deployed = run(10, "s1", "ExampleGen,Transform", "c1", "h1");

        PipelineHistory schema = pushedDaily(deployed, 2);
        PipelineHistories.record(schema, run(11, "s2", "ExampleGen,Transform", "c1", "h1"), false, T0 + 2 * DAY, true, 1, true, 100_000);
        assertThat(feature(Features.extract(DecisionPoint.RUN_START, schema, RunFactsFold.empty(), T0 + 3 * DAY, true),
                "previous_changed")).isEqualTo(1);

        PipelineHistory structure = pushedDaily(deployed, 2);
        PipelineHistories.record(structure, run(11, "s1", "ExampleGen,Transform,Tuner", "c1", "h1"), false, T0 + 2 * DAY, true, 1, true, 100_000);
        assertThat(feature(Features.extract(DecisionPoint.RUN_START, structure, RunFactsFold.empty(), T0 + 3 * DAY, true),
                "previous_changed")).isEqualTo(1);

        // the same schema and components (a code change is not this feature's), or a previous run that pushed: 0
        PipelineHistory code = pushedDaily(deployed, 2);
        PipelineHistories.record(code, run(11, "s1", "ExampleGen,Transform", "c2", "h1"), false, T0 + 2 * DAY, true, 1, true, 100_000);
        assertThat(feature(Features.extract(DecisionPoint.RUN_START, code, RunFactsFold.empty(), T0 + 3 * DAY, true),
                "previous_changed")).isZero();
        PipelineHistory pushed = pushedDaily(deployed, 2);
        PipelineHistories.record(pushed, run(11, "s2", "ExampleGen,Transform", "c1", "h1"), true, T0 + 2 * DAY, true, 1, true, 100_000);
        assertThat(feature(Features.extract(DecisionPoint.RUN_START, pushed, RunFactsFold.empty(), T0 + 3 * DAY, true),
                "previous_changed")).isZero();
    }

    @Test
    void theTrainingCurveIsProjectedWithThePipelinesOwnGapsAndComparedWithTheDeployedModel() {
        PipelineHistory history = PipelineHistories.empty();
        // earlier runs: the curve at step 100 sat 0.05 below the final evaluation, at step 200 0.02 below
        for (int i = 0; i < 6; i++) {
            RunFacts earlier = run(i, "s", "ExampleGen", "c", "h");
            earlier.getCurveSteps().addAll(List.of(100.0, 200.0));
            earlier.getCurveValues().addAll(List.of(0.65, 0.68));
            earlier.setEvaluation(0.70);
            earlier.setBlessed(1);
            PipelineHistories.record(history, earlier, true, T0 + i * DAY, true, 1, true, 100_000);
        }
        RunFacts now = run(7, "s", "ExampleGen", "c", "h");
        now.getCurveSteps().addAll(List.of(100.0, 200.0));
        now.getCurveValues().addAll(List.of(0.60, 0.64)); // projects to (100*0.65 + 200*0.66) / 300

        double[] x = Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 7 * DAY, true);

        double projected = (100 * 0.65 + 200 * 0.66) / 300;
        assertThat(feature(x, "curve_delta")).isCloseTo((projected - 0.70) * 20, within(1e-9));
        assertThat(feature(x, "curve_points")).isEqualTo(2);
        assertThat(feature(x, "curve_shortfall")).isPositive();
        // six blessings: the bar is read, and the margin is the projected improvement less the bar
        assertThat(history.getBlessCount()).isGreaterThanOrEqualTo(Features.MIN_BLESSINGS);
        double margin = (projected - 0.70 - history.getBlessBar()) * 20;
        assertThat(feature(x, "curve_margin")).isCloseTo(margin, within(1e-9));
        assertThat(feature(x, "curve_shortfall")).isCloseTo(Math.max(0, -margin), within(1e-9));
        assertThat(Features.index(DecisionPoint.IN_TRAINING, now)).isEqualTo(3);
        // a loss-like metric: lower is better, so the same numbers read the other way
        assertThat(feature(Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 7 * DAY, false), "curve_delta"))
                .isCloseTo(-(projected - 0.70) * 20, within(1e-9));
    }

    @Test
    void theLatestCurvePointIsComparedWithTheMedianOfThePipelinesLatestRunsAtThatStep() {
        PipelineHistory history = PipelineHistories.empty();
        RunFacts now = run(30, "s", "ExampleGen", "c", "h");
        now.getCurveSteps().addAll(List.of(100.0, 200.0));
        now.getCurveValues().addAll(List.of(0.60, 0.62));
        // four earlier runs: too few peers for a median
        double[] at200 = {0.70, 0.66, 0.69, 0.50, 0.68, 0.67};
        for (int i = 0; i < 4; i++) {
            RunFacts earlier = run(i, "s", "ExampleGen", "c", "h");
            earlier.getCurveSteps().addAll(List.of(100.0, 200.0));
            earlier.getCurveValues().addAll(List.of(0.6, at200[i]));
            // peers count whatever became of the run: skipped on advice (unknown), failed, not blessed
            PipelineHistories.record(history, earlier, false, T0 + i * DAY, i % 2 == 0, 1, false, 50_000);
        }
        assertThat(feature(Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 9 * DAY, true), "curve_vs_peers")).isZero();
        for (int i = 4; i < 6; i++) {
            RunFacts earlier = run(i, "s", "ExampleGen", "c", "h");
            earlier.getCurveSteps().addAll(List.of(100.0, 200.0));
            earlier.getCurveValues().addAll(List.of(0.6, at200[i]));
            PipelineHistories.record(history, earlier, false, T0 + i * DAY, true, 1, true, 100_000);
        }
        // six peers at step 200: 0.50 0.66 0.67 0.68 0.69 0.70, median 0.675; the run's 0.62 is 0.055 below it
        double[] x = Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 9 * DAY, true);
        assertThat(feature(x, "curve_vs_peers")).isCloseTo(-0.055 * 20, within(1e-9));
        assertThat(feature(x, "peers_shortfall")).isCloseTo(0.055 * 20, within(1e-9));
        // a loss-like metric reads the other way; before training there is no curve
        assertThat(feature(Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 9 * DAY, false), "curve_vs_peers"))
                .isCloseTo(0.055 * 20, within(1e-9));
        assertThat(feature(Features.extract(DecisionPoint.PRE_TRAIN, history, now, T0 + 9 * DAY, true), "curve_vs_peers")).isZero();
        // only the latest fifteen runs stay peers
        for (int i = 0; i < 20; i++) {
            RunFacts later = run(40 + i, "s", "ExampleGen", "c", "h");
            later.getCurveSteps().add(200.0);
            later.getCurveValues().add(0.80);
            PipelineHistories.record(history, later, false, T0 + (10 + i) * DAY, true, 1, true, 100_000);
        }
        assertThat(history.getPeerValues().get(history.getPeerSteps().indexOf(200.0))).hasSize(15).containsOnly(0.80);
        assertThat(feature(Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 40 * DAY, true), "curve_vs_peers"))
                .isCloseTo(-0.18 * 20, within(1e-9));
    }

    @Test
    void theBlessingBarIsLearnedFromThePipelinesBlessings() {
        PipelineHistory history = PipelineHistories.empty();
        PipelineHistories.record(history, blessed(0.70), true, T0, true, 1, true, 100_000);
        // the Evaluator blesses an improvement of 0.02 or more over the deployed model, never less
        for (int i = 1; i <= 400; i++) {
            RunFacts candidate = run(i, "s", "ExampleGen", "c", "h");
            double improvement = ((i * 37) % 80 - 40) / 1000.0; // -0.040 .. +0.039
            candidate.setEvaluation(0.70 + improvement);
            candidate.setBlessed(improvement >= 0.02 ? 1 : 0);
            PipelineHistories.record(history, candidate, false, T0 + i * 1000, true, 1, true, 100_000);
        }
        assertThat(history.getBlessBar()).isCloseTo(0.02, within(0.005));
    }

    @Test
    void aRunIsMeasuredAgainstTheModelDeployedWhenItStartedNotOneAnOverlappingRunPushedSince() {
        PipelineHistory history = PipelineHistories.empty();
        for (int i = 0; i < 6; i++) {
            RunFacts earlier = blessed(0.70);
            earlier.getCurveSteps().add(100.0);
            earlier.getCurveValues().add(0.68);
            PipelineHistories.record(history, earlier, true, T0 + i * DAY, true, 1, true, 100_000);
        }
        RunFacts now = run(7, "s", "ExampleGen", "c", "h");
        now.setBaselineEvaluation(0.70); // deployed when it started
        PipelineHistories.record(history, blessed(0.75), true, T0 + 7 * DAY, true, 1, true, 100_000); // pushed meanwhile
        assertThat(history.getDeployed().getEvaluation()).isEqualTo(0.75);
        now.getCurveSteps().add(100.0);
        now.getCurveValues().add(0.69); // projects to 0.71

        double[] x = Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 7 * DAY, true);
        assertThat(feature(x, "curve_delta")).isCloseTo((0.71 - 0.70) * 20, within(1e-9));
        // without a recorded baseline, the model deployed now is the one to beat
        now.setBaselineEvaluation(-1);
        x = Features.extract(DecisionPoint.IN_TRAINING, history, now, T0 + 7 * DAY, true);
        assertThat(feature(x, "curve_delta")).isCloseTo((0.71 - 0.75) * 20, within(1e-9));
    }

    @Test
    void theBlessingBarIsLearnedAgainstTheBaselineEachRunWasJudgedAgainst() {
        PipelineHistory history = PipelineHistories.empty();
        PipelineHistories.record(history, blessed(0.70), true, T0, true, 1, true, 100_000);
        RunFacts better = blessed(0.76);
        // Every candidate was judged against a baseline of 0.74, while the deployed model (0.70 or 0.76) differs: the
        // Evaluator blesses 0.02 over the baseline, and the bar must come out at 0.02 whichever model is deployed.
        for (int i = 1; i <= 400; i++) {
            if (i == 200) {
                PipelineHistories.record(history, better, true, T0 + i * 1000, true, 1, true, 100_000);
            }
            RunFacts candidate = run(i, "s", "ExampleGen", "c", "h");
            double improvement = ((i * 37) % 80 - 40) / 1000.0;
            candidate.setBaselineEvaluation(0.74);
            candidate.setEvaluation(0.74 + improvement);
            candidate.setBlessed(improvement >= 0.02 ? 1 : 0);
            PipelineHistories.record(history, candidate, false, T0 + i * 1000, true, 1, true, 100_000);
        }
        assertThat(history.getBlessBar()).isCloseTo(0.02, within(0.005));
    }

    /** A run of module {@code module} that reached the Evaluator with this evaluation and drift statistic. */
    static RunFacts evaluated(double evaluation, double drift, String module) {
        RunFacts run = run(1, "s", "ExampleGen", module, "h");
        run.setEvaluation(evaluation);
        run.setDrift(drift);
        run.setBlessed(0);
        return run;
    }

    /** A pipeline whose runs reached 0.70 and 0.71 in turn, with no drift to speak of. */
    static PipelineHistory steadyAt705(int runs, DriftCost drift) {
        PipelineHistory history = pushedDaily(blessed(0.70), 1);
        for (int i = 0; i < runs; i++) {
            PipelineHistories.record(history, evaluated(i % 2 == 0 ? 0.70 : 0.71, 0.005, "c"), false, T0 + i * 1000, true, 1, true,
                    100_000, Metric.AUC, drift);
        }
        return history;
    }

    @Test
    void theLevelIsWhatARunReachesWithoutDriftAndADriftedRunIsClearedOfItsCost() {
        DriftCost cost = new DriftCost(0.01, -1); // drift beyond 0.01 costs the metric as much
        PipelineHistory history = steadyAt705(40, cost);
        double level = PipelineHistories.level(history, cost);
        assertThat(level).isCloseTo(0.705, within(0.003));

        // A run drifted 0.05 past the median that reached 0.655: without its drift it would have reached 0.705.
        PipelineHistories.record(history, evaluated(0.655, 0.06, "c"), false, T0 + DAY, true, 1, true, 100_000, Metric.AUC, cost);
        assertThat(PipelineHistories.level(history, cost)).isCloseTo(level, within(0.0005));
        // Not knowing yet what drift costs (the median is known, the slope not), the same run drags the level down...
        DriftCost unknown = new DriftCost(0.01, 0);
        PipelineHistory naive = steadyAt705(40, unknown);
        PipelineHistories.record(naive, evaluated(0.655, 0.06, "c"), false, T0 + DAY, true, 1, true, 100_000, Metric.AUC, unknown);
        assertThat(PipelineHistories.level(naive, unknown)).isLessThan(level - 0.001);
        // ... and once the cost is learned, it is charged to the runs already taken in: the level is as if it had been
        // known all along (but for the clip, which shortened the drifted run's step while its cost was not known).
        assertThat(PipelineHistories.level(naive, cost)).isCloseTo(PipelineHistories.level(history, cost), within(1e-5));
    }

    @Test
    void theExpectedMarginIsTheLevelPlusTheRunsDriftCostAgainstTheDeployedModelAndTheBar() {
        DriftCost cost = new DriftCost(0.01, -1);
        PipelineHistory history = steadyAt705(40, cost);
        RunFacts calm = run(2, "s", "ExampleGen", "c", "h");
        calm.setDrift(0.005);
        RunFacts drifted = run(2, "s", "ExampleGen", "c", "h");
        drifted.setDrift(0.04);

        double[] x = Features.extract(DecisionPoint.PRE_TRAIN, history, calm, T0 + DAY, Metric.AUC, cost);
        double margin = (PipelineHistories.level(history, cost) - 0.70 - history.getBlessBar()) * 20;
        assertThat(feature(x, "expected_margin")).isCloseTo(margin, within(1e-9));
        assertThat(feature(x, "expected_shortfall")).isEqualTo(Math.max(0, -margin));
        double[] y = Features.extract(DecisionPoint.PRE_TRAIN, history, drifted, T0 + DAY, Metric.AUC, cost);
        assertThat(feature(y, "expected_margin")).isCloseTo(margin - 0.03 * 20, within(1e-9));
        // With no drift cost learned, drift leaves the expectation where the level is.
        assertThat(feature(Features.extract(DecisionPoint.PRE_TRAIN, history, drifted, T0 + DAY, true), "expected_margin"))
                .isCloseTo(margin, within(1e-9));
    }

    @Test
    void aNewModuleLetsTheLevelFollowAShiftFasterThanNoise() {
        PipelineHistory same = steadyAt705(40, DriftCost.NONE);
        PipelineHistory changed = steadyAt705(40, DriftCost.NONE);
        double before = PipelineHistories.level(same, DriftCost.NONE);

        PipelineHistories.record(same, evaluated(before + 0.02, 0.005, "c"), false, T0 + DAY, true, 1, true, 100_000, Metric.AUC, DriftCost.NONE);
        PipelineHistories.record(changed, evaluated(before + 0.02, 0.005, "c2"), false, T0 + DAY, true, 1, true, 100_000, Metric.AUC, DriftCost.NONE);

        assertThat(same.getQualityMean() - before).isPositive();
        assertThat(changed.getQualityMean() - before).isGreaterThan(3 * (same.getQualityMean() - before));
        assertThat(changed.getQualityVariance()).isGreaterThan(same.getQualityVariance());
    }

    @Test
    void anEvaluationFarOffTheLevelMovesItNoFurtherThanTheClip() {
        PipelineHistory history = steadyAt705(40, DriftCost.NONE);
        double before = PipelineHistories.level(history, DriftCost.NONE);
        double variance = history.getQualityVariance() + PipelineHistories.LEVEL_WANDER;
        double noise = PipelineHistories.LEVEL_NOISE * PipelineHistories.LEVEL_NOISE;
        double gain = variance / (variance + noise);

        PipelineHistories.record(history, evaluated(0.50, 0.005, "c"), false, T0 + DAY, true, 1, true, 100_000, Metric.AUC, DriftCost.NONE);

        double clipped = gain * PipelineHistories.LEVEL_CLIP * Math.sqrt(variance + noise);
        assertThat(before - PipelineHistories.level(history, DriftCost.NONE)).isCloseTo(clipped, within(1e-12)).isLessThan(0.003);
    }

    /** A blessed run with this evaluation. */
    static RunFacts blessed(double evaluation) {
        RunFacts run = run(0, "s", "ExampleGen", "c", "h");
        run.setEvaluation(evaluation);
        run.setBlessed(1);
        return run;
    }

    static ExecutionEvent event(String component, ExecutionState state, List<ArtifactRef> inputs, List<ArtifactRef> outputs) {
        return ExecutionEvent.newBuilder().setEventId(component + state).setEventTime(Instant.ofEpochMilli(T0))
                .setPipelineId("p").setRunId("r").setExecutionId("r-" + component).setComponentId(component)
                .setComponentType(component).setState(state).setInputs(new ArrayList<>(inputs))
                .setOutputs(new ArrayList<>(outputs)).build();
    }

    static ArtifactRef artifact(String type, String fingerprint, Map<String, String> properties) {
        return ArtifactRef.newBuilder().setArtifactId(type + "-1").setType(type).setFingerprint(fingerprint)
                .setProperties(new HashMap<>(properties)).build();
    }
}
