package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.RunFacts;
import java.util.List;

/**
 * The features of a run at a decision point, from its pipeline's history and what the run has shown so far. A
 * feature that is not known yet (a drift statistic before StatisticsGen ran, a curve before training) is 0, the
 * neutral value; each decision point has its own model, so 0 means the same thing for every run it scores.
 */
public final class Features {

    public static final List<String> NAMES = List.of(
            "bias",
            "push_rate",            // Beta(1,1) posterior mean of the pipeline's (decayed) push rate
            "runs_since_push",      // log(1 + runs since the last push)
            "overdue",              // log(time since the last push / usual push interval)
            "deployed_age_days",    // log(1 + days since the last push)
            "new_spans",            // spans beyond the deployed model's, up to 3
            "identical_to_previous",// data, schema, components, code and hyperparameters as the previous run's
            "identical_to_deployed",// ... as the deployed model's
            "drift",                // drift statistic of the run's data (x10)
            "anomalies",            // log(1 + anomalies reported)
            "schema_changed",       // schema fingerprint differs from the deployed model's
            "structure_changed",    // components before the Trainer differ from the deployed model's run
            "code_changed",         // module fingerprint differs from the deployed model's
            "hparams_changed",      // hyperparameter fingerprint differs from the deployed model's
            "failure_rate",         // the pipeline's recent rate of runs with a failed execution
            "previous_drift",       // drift statistic of the previous run (drift comes in streaks)
            "previous_deployed",    // the previous run pushed
            "previous_changed",     // the previous run's schema or structure differed from the deployed model's
            "curve_delta",          // in training: the curve's projected final metric minus the deployed model's (x20)
            "curve_points",         // in training: curve points that could be projected, up to 3
            "expected_margin",      // the run's expected metric (its pipeline's level plus its drift's cost) minus the deployed model's, minus the blessing bar (x20)
            "curve_margin",         // in training: the projected metric minus the deployed model's, minus the bar (x20)
            "drift_excess",         // drift statistic above 0.04 (x20): the model's logit can bend where drift starts to bite
            "curve_shortfall",      // in training: how far the projected metric falls short of the bar (x20)
            "expected_shortfall",   // how far the run's expected metric falls short of the deployed model's plus the bar (x20)
            "curve_vs_peers",       // in training: the latest curve value minus the median of the pipeline's latest runs at that step (x20)
            "peers_shortfall");     // in training: how far the latest curve value falls below that median (x20)

    public static final int SIZE = NAMES.size();
    private static final double DAY = 86_400_000.0;
    /** Runs with a blessing a pipeline needs before its blessing bar is read. */
    static final int MIN_BLESSINGS = 5;

    private Features() {
    }

    /** The model that scores a run at a decision point: in training, one per number of curve points (1, 2, 3+). */
    public static int index(DecisionPoint point, RunFacts run) {
        if (point != DecisionPoint.IN_TRAINING) {
            return point.ordinal();
        }
        return 2 + Math.max(0, Math.min(2, run.getCurveSteps().size() - 1));
    }

    /**
     * @param higherIsBetter whether the curve metric, on AUC's scale, improves upwards (AUC, accuracy) or downwards
     *                       (a loss)
     */
    public static double[] extract(DecisionPoint point, PipelineHistory history, RunFacts run, long time,
                                   boolean higherIsBetter) {
        return extract(point, history, run, time, Metric.ofDirection(higherIsBetter), DriftCost.NONE);
    }

    /**
     * @param metric the metric runs are judged by: every difference in it is oriented (better is positive) and read in
     *               its unit, so that {@code (x20)} below means per 0.05 of AUC or per five of the metric's units
     * @param drift  what drift costs the metric, learned across the fleet: the run's expected metric is its pipeline's
     *               level plus the cost of its own drift
     */
    public static double[] extract(DecisionPoint point, PipelineHistory history, RunFacts run, long time,
                                   Metric metric, DriftCost drift) {
        double scale = metric.scale();
        double[] x = new double[SIZE];
        x[0] = 1;
        x[1] = (history.getPushWeight() + 1) / (history.getPushWeight() + history.getMissWeight() + 2);
        x[2] = Math.log1p(history.getRunsSincePush());
        long usual = PipelineHistories.usualInterval(history);
        long sincePush = history.getLastPushTime() < 0 ? -1 : Math.max(0, time - history.getLastPushTime());
        if (usual > 0 && sincePush >= 0) {
            x[3] = clip(Math.log(Math.max(1.0, sincePush) / usual), -3, 3);
        }
        if (sincePush >= 0) {
            x[4] = Math.log1p(sincePush / DAY);
        }
        RunFacts deployed = history.getDeployed();
        RunFacts previous = history.getPrevious();
        boolean inputsKnown = run.getTrainerSeen();
        if (deployed != null && run.getSpan() >= 0 && deployed.getSpan() >= 0) {
            x[5] = clip(run.getSpan() - deployed.getSpan(), -1, 3);
        }
        if (inputsKnown) {
            String key = RunFactsFold.modelKey(run);
            x[6] = previous != null && previous.getTrainerSeen() && key.equals(RunFactsFold.modelKey(previous)) ? 1 : 0;
            x[7] = deployed != null && key.equals(RunFactsFold.modelKey(deployed)) ? 1 : 0;
        }
        if (run.getDrift() >= 0) {
            x[8] = clip(run.getDrift() * 10, 0, 5);
            x[22] = clip((run.getDrift() - 0.04) * 20, 0, 5);
        }
        if (run.getAnomalies() >= 0) {
            x[9] = Math.log1p(run.getAnomalies());
        }
        if (deployed != null) {
            x[10] = differs(run.getSchemaFingerprint(), deployed.getSchemaFingerprint());
            if (inputsKnown) {
                x[11] = differs(run.getPreTrainComponents(), deployed.getPreTrainComponents());
                x[12] = differs(run.getModuleFingerprint(), deployed.getModuleFingerprint());
                x[13] = differs(run.getHparamsFingerprint(), deployed.getHparamsFingerprint());
            }
        }
        x[14] = history.getFailureRate();
        if (previous != null) {
            if (previous.getDrift() >= 0) {
                x[15] = clip(previous.getDrift() * 10, 0, 5);
            }
            x[16] = history.getPreviousDeployed() ? 1 : 0;
            if (deployed != null && !history.getPreviousDeployed()) {
                x[17] = Math.max(differs(previous.getSchemaFingerprint(), deployed.getSchemaFingerprint()),
                        previous.getTrainerSeen() ? differs(previous.getPreTrainComponents(), deployed.getPreTrainComponents()) : 0);
            }
        }
        double baseline = PipelineHistories.baselineEvaluation(history, run);
        if (point == DecisionPoint.IN_TRAINING && baseline >= 0) {
            double sum = 0;
            double weights = 0;
            int points = 0;
            for (int i = 0; i < run.getCurveSteps().size(); i++) {
                double step = run.getCurveSteps().get(i);
                double gap = PipelineHistories.gap(history, step);
                if (Double.isNaN(gap)) {
                    continue;
                }
                double w = Math.max(1e-9, step); // later points are less noisy
                sum += w * (run.getCurveValues().get(i) + gap);
                weights += w;
                points++;
            }
            if (points > 0) {
                double improvement = metric.gain(sum / weights, baseline);
                x[18] = clip(improvement * 20 / scale, -5, 5);
                x[19] = Math.min(points, 3);
                if (history.getBlessCount() >= MIN_BLESSINGS) {
                    x[21] = clip((improvement - history.getBlessBar()) * 20 / scale, -5, 5);
                    x[23] = Math.max(0, -x[21]);
                }
            }
        }
        if (point == DecisionPoint.IN_TRAINING && !run.getCurveSteps().isEmpty()) {
            int last = run.getCurveSteps().size() - 1;
            double median = PipelineHistories.peerMedian(history, run.getCurveSteps().get(last));
            if (!Double.isNaN(median)) {
                x[25] = clip(metric.gain(run.getCurveValues().get(last), median) * 20 / scale, -5, 5);
                x[26] = Math.max(0, -x[25]);
            }
        }
        if (baseline >= 0 && history.getQualityCount() >= MIN_BLESSINGS && history.getBlessCount() >= MIN_BLESSINGS) {
            double expected = PipelineHistories.level(history, drift) + drift.cost(run.getDrift());
            x[20] = clip((metric.gain(expected, baseline) - history.getBlessBar()) * 20 / scale, -5, 5);
            x[24] = Math.max(0, -x[20]);
        }
        return x;
    }

    /** 1 when both fingerprints are known and differ, else 0 (an unknown one differs from none). */
    static double differs(String a, String b) {
        return !a.isEmpty() && !b.isEmpty() && !a.equals(b) ? 1 : 0;
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
