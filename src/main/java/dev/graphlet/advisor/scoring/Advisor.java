package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.RunFacts;
import dev.graphlet.advisor.state.ScoredPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The advisor's decisions and learning, on state it is handed (a pipeline's history, a run's facts, the task's
 * model): the topology keeps that state in stores, the evaluation in maps. Pure and deterministic.
 */
public final class Advisor {

    /** Calibration waits for this many runs before the threshold may skip anything. */
    static final int MIN_CALIBRATION = 200;
    static final int REASONS = 3;
    /** The smallest share of a run's cost a SKIP is taken to save (so late SKIPs are not ruled out altogether). */
    static final double MIN_SAVING = 0.05;

    private final ScoringSettings settings;

    public Advisor(ScoringSettings settings) {
        this.settings = settings;
    }

    public ScoringSettings settings() {
        return settings;
    }

    /**
     * Scores the run at a decision point and decides. Records the features on the run (so its outcome can teach the
     * model) and, for an ACTIVE SKIP, marks it skipped (so it will not).
     *
     * @param spentMilli what the run has cost so far
     */
    public Verdict decide(DecisionPoint point, String graphletId, PipelineHistory history, RunFacts run, ModelState model,
                          long time, long spentMilli, Mode mode) {
        if (run.getScored().isEmpty() && history.getDeployed() != null) { // the run's start, as far as scoring goes
            run.setBaselineEvaluation(history.getDeployed().getEvaluation());
        }
        double[] x = Features.extract(point, history, run, time, settings.metric(), DriftCost.of(model, settings.metric()));
        int index = Features.index(point, run);
        double p = OnlineModel.probability(model, index, x);
        String pipelineGuard = pipelineGuard(point, history, time);
        String guard = pipelineGuard != null ? pipelineGuard
                : OnlineModel.weightsSeen(model, index) < settings.minOutcomes()
                        || model.getRingScores().size() < MIN_CALIBRATION ? Verdict.WARMING_UP : null;
        // The miss budget is best spent where a SKIP saves most: the odds of deployment are weighed against the share
        // of the run's cost a SKIP now would save, and against how dear the pipeline's runs are (to the power of the
        // cost weight), and the threshold applies to the result.
        long expected = Math.max(0, Math.round(history.getRunCostMilli()) - spentMilli);
        double saving = history.getRunCostMilli() > 0
                ? Math.max(MIN_SAVING, Math.min(1, expected / history.getRunCostMilli())) : 1;
        double stake = Math.log(saving) + settings.costWeight() * RunCost.logDearness(model, history.getRunCostMilli());
        double skipScore = OnlineModel.sigmoid(OnlineModel.logOdds(model, index, x) - stake);
        double threshold = OnlineModel.sigmoid(logit(model.getThreshold()) + stake); // on p, here
        boolean belowThreshold = skipScore < model.getThreshold();
        boolean wouldSkip = guard == null && belowThreshold;
        boolean holdout = wouldSkip && mode == Mode.ACTIVE && (run.getHoldout() || draw(graphletId) < settings.holdout());
        boolean skip = wouldSkip && !holdout && mode != Mode.OFF;
        List<Double> features = new ArrayList<>(x.length);
        for (double v : x) {
            features.add(v);
        }
        run.getScored().add(new ScoredPoint(index, features, p, skipScore, pipelineGuard != null));
        if (holdout) {
            run.setHoldout(true);
        }
        if (skip && mode == Mode.ACTIVE) {
            run.setSkipped(true);
        }
        return new Verdict(point, p, threshold, guard, wouldSkip, guard != null && belowThreshold, holdout, skip, mode,
                OnlineModel.reasons(model, index, x, REASONS), expected, version(model));
    }

    /**
     * A run ended: it joins the threshold's calibration ring (its outcome unknown when it was skipped on advice);
     * unless it was skipped on advice, its outcome teaches the model at every point it was scored (weighted by
     * 1/holdout when it was a holdout, and then also telling how far the model's probabilities hold in the skip
     * region); and the pipeline's history takes it in.
     */
    public void learn(PipelineHistory history, RunFacts run, ModelState model, boolean pushed, long endTime,
                      long costMilli, boolean ranToEnd) {
        RunCost.learn(model, history.getRunCostMilli());
        java.util.Optional<ScoredPoint> lowest = lowestSkippable(run);
        calibrate(run, lowest, model, run.getSkipped() ? -1 : pushed ? 1 : 0);
        if (run.getSkipped()) {
            PipelineHistories.record(history, run, false, endTime, false, 0, false, costMilli);
            return;
        }
        double weight = run.getHoldout() && settings.holdout() > 0 ? 1 / settings.holdout() : 1;
        if (run.getHoldout()) {
            lowest.ifPresent(p -> OnlineModel.holdoutOutcome(model, p.getProbability(), pushed));
        }
        for (ScoredPoint scored : run.getScored()) {
            List<Double> features = scored.getFeatures();
            double[] x = new double[features.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = features.get(i);
            }
            OnlineModel.learn(model, scored.getPoint(), x, pushed, weight);
        }
        if (!run.getScored().isEmpty()) {
            model.setVersion(model.getVersion() + 1);
        }
        Metric metric = settings.metric();
        DriftCost drift = DriftCost.of(model, metric);
        if (run.getEvaluation() >= 0) {
            DriftCost.learn(model, run.getDrift(), history.getQualityCount() >= Features.MIN_BLESSINGS
                    ? metric.gain(run.getEvaluation(), PipelineHistories.level(history, drift)) / metric.scale() : Double.NaN);
        }
        PipelineHistories.record(history, run, pushed, endTime, true, weight, ranToEnd, costMilli, metric, drift);
    }

    /** The point where the run came closest to a SKIP, among those where no pipeline guard held. */
    private static java.util.Optional<ScoredPoint> lowestSkippable(RunFacts run) {
        ScoredPoint lowest = null;
        for (ScoredPoint scored : run.getScored()) {
            if (!scored.getGuarded() && (lowest == null || scored.getSkipScore() < lowest.getSkipScore())) {
                lowest = scored;
            }
        }
        return java.util.Optional.ofNullable(lowest);
    }

    private void calibrate(RunFacts run, java.util.Optional<ScoredPoint> skippable, ModelState model, int outcome) {
        if (run.getScored().isEmpty()) {
            return;
        }
        ScoredPoint lowest = skippable.orElse(null);
        if (lowest == null) { // guarded throughout: it could not have been skipped, but its deployment counts
            OnlineModel.calibrate(model, 1, run.getScored().get(0).getProbability(), outcome, settings.maxMissedDeployments());
        } else {
            OnlineModel.calibrate(model, lowest.getSkipScore(), lowest.getProbability(), outcome, settings.maxMissedDeployments());
        }
    }

    /**
     * Why the run may not be skipped at this decision point, whatever its score, or null: RUN_START unless skipping
     * there is allowed, then the pipeline's guards (no deployed model yet, and unless the cadence guard is off, its
     * cadence not known or overdue for a push).
     */
    public String pipelineGuard(DecisionPoint point, PipelineHistory history, long time) {
        if (point == DecisionPoint.RUN_START && !settings.skipAtRunStart()) {
            return Verdict.RUN_START;
        }
        if (history.getLastPushTime() < 0) {
            return Verdict.NO_DEPLOYED_MODEL;
        }
        if (!settings.cadenceGuard()) {
            return null;
        }
        long usual = PipelineHistories.usualInterval(history);
        if (usual <= 0) {
            return Verdict.CADENCE_UNKNOWN;
        }
        if (time - history.getLastPushTime() > settings.overdueFactor() * usual) {
            return Verdict.OVERDUE;
        }
        return null;
    }

    private static double logit(double p) {
        double q = Math.max(1e-9, Math.min(1 - 1e-9, p));
        return Math.log(q / (1 - q));
    }

    public double draw(String graphletId) {
        return Draws.uniform(graphletId, settings.seed());
    }

    /** A deterministic advisory id from what it is about (pipeline, graphlet, decision point) and the seed. */
    public static String advisoryId(String about, long seed) {
        return Draws.id(about, seed);
    }

    public static String version(ModelState model) {
        return "m" + model.getVersion();
    }
}
