package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.state.PipelineHistory;
import dev.graphlet.advisor.state.RunFacts;
import java.util.ArrayList;
import java.util.List;

/** How a pipeline's scoring history takes in a run that ended. Pure and bounded. */
public final class PipelineHistories {

    /** Weight kept by older outcomes at each new one: the push rate follows a pipeline that changes. */
    static final double DECAY = 0.97;
    static final int MAX_INTERVALS = 9;
    static final int MAX_GAP_STEPS = 8;
    /** The running mean of a curve gap settles into a moving average after this many runs. */
    static final int GAP_WINDOW = 10;

    private PipelineHistories() {
    }

    public static PipelineHistory empty() {
        return PipelineHistory.newBuilder().setPushIntervals(new ArrayList<>()).setGapSteps(new ArrayList<>())
                .setGapMeans(new ArrayList<>()).setGapCounts(new ArrayList<>()).setPeerSteps(new ArrayList<>())
                .setPeerValues(new ArrayList<>()).build();
    }

    /**
     * Takes in a run that ended.
     *
     * @param known    whether its outcome may teach (false for a run skipped on advice: what it would have done is
     *                 unknown, and only that it did not push is recorded)
     * @param weight   the run's weight in the push-rate and failure statistics (1, or 1/holdout for a holdout run)
     * @param ranToEnd it ran to its end (its cost is a full run's cost)
     */
    public static void record(PipelineHistory history, RunFacts run, boolean pushed, long endTime, boolean known,
                              double weight, boolean ranToEnd, long costMilli) {
        record(history, run, pushed, endTime, known, weight, ranToEnd, costMilli, Metric.AUC, DriftCost.NONE);
    }

    /**
     * Takes in a run that ended, its evaluation (in {@code metric}) cleared of what its drift is expected to cost
     * ({@code drift}).
     */
    public static void record(PipelineHistory history, RunFacts run, boolean pushed, long endTime, boolean known,
                              double weight, boolean ranToEnd, long costMilli, Metric metric, DriftCost drift) {
        if (known) {
            double w = Math.max(0, weight);
            history.setPushWeight(history.getPushWeight() * DECAY + (pushed ? w : 0));
            history.setMissWeight(history.getMissWeight() * DECAY + (pushed ? 0 : w));
            double alpha = Math.min(0.5, 0.05 * w);
            history.setFailureRate(history.getFailureRate() * (1 - alpha) + (run.getFailed() ? alpha : 0));
            history.setOutcomes(history.getOutcomes() + 1);
            updateGaps(history, run);
            updateQuality(history, run, metric, drift);
        }
        updatePeers(history, run); // what the curve showed is known whatever became of the run
        if (ranToEnd && costMilli > 0) {
            double mean = history.getRunCostMilli();
            history.setRunCostMilli(mean == 0 ? costMilli : mean * 0.8 + costMilli * 0.2);
        }
        RunFacts summary = RunFactsFold.summary(run);
        if (pushed) {
            pushedAt(history, endTime);
            history.setRunsSincePush(0);
            history.setDeployed(summary);
        } else {
            history.setRunsSincePush(history.getRunsSincePush() + 1);
        }
        history.setPrevious(summary);
        history.setPreviousDeployed(pushed);
    }

    /** A run of the pipeline pushed, ending at {@code endTime}: the push cadence (the cadence guard's input) takes it in. */
    public static void pushedAt(PipelineHistory history, long endTime) {
        if (history.getLastPushTime() >= 0 && endTime > history.getLastPushTime()) {
            List<Long> intervals = history.getPushIntervals();
            intervals.add(endTime - history.getLastPushTime());
            while (intervals.size() > MAX_INTERVALS) {
                intervals.remove(0);
            }
        }
        history.setLastPushTime(Math.max(history.getLastPushTime(), endTime));
    }

    /** The pipeline's usual interval between pushes (median of the latest), or -1 before two pushes. */
    public static long usualInterval(PipelineHistory history) {
        List<Long> intervals = new ArrayList<>(history.getPushIntervals());
        if (intervals.isEmpty()) {
            return -1;
        }
        intervals.sort(Long::compare);
        return intervals.get(intervals.size() / 2);
    }

    /**
     * The evaluation of the model the run is judged against: the one deployed when the run started (a later push, by a
     * run that overlapped it, does not change the baseline its pipeline resolved), or the deployed one's where that is
     * not known; -1 when there is none.
     */
    public static double baselineEvaluation(PipelineHistory history, RunFacts run) {
        if (run.getBaselineEvaluation() >= 0) {
            return run.getBaselineEvaluation();
        }
        RunFacts deployed = history.getDeployed();
        return deployed == null ? -1 : deployed.getEvaluation();
    }

    /** Steps of the blessing-bar estimate, and the width of the logistic it fits (in AUC units: see {@link Metric}). */
    static final double BAR_STEP = 0.003;
    static final double BAR_WIDTH = 0.004;

    /** Spread of a run's evaluation about its pipeline's level: its own noise, and what the drift cost leaves. */
    static final double LEVEL_NOISE = 0.014;
    /** How far a change of the module, or of the hyperparameters, may move the level (standard deviation, each). */
    static final double LEVEL_SHIFT = 0.0055;
    /** Variance the level's estimate gains at every run anyway: a pipeline may change unannounced. */
    static final double LEVEL_WANDER = 1e-7;
    /** An evaluation further than this many standard deviations from the level moves it only as far as this. */
    static final double LEVEL_CLIP = 2.5;
    /** Runs whose weight a level from a history without its variance (an earlier release's running mean) is given. */
    static final int LEVEL_MEMORY = 20;

    /**
     * The metric a run of the pipeline is expected to reach without drift: its runs' evaluations, filtered, less what
     * the drift of those runs cost them at the drift cost known now. The filter is linear (its gains depend on the
     * runs' fingerprints, not their values), so filtering the evaluations and the drift excess apart and charging the
     * excess at the current cost is the same as filtering evaluations cleared at that cost; a pipeline's level never
     * keeps the cost from when the fleet had seen little drift.
     */
    public static double level(PipelineHistory history, DriftCost drift) {
        return history.getQualityMean() - drift.slope() * history.getQualityExcess();
    }

    /**
     * The run's evaluation, cleared of its drift's expected cost, moves the pipeline's level (a local-level Kalman
     * filter: the level may jump when the module or hyperparameters change, and drifts slowly otherwise; an evaluation
     * far off, as after a breakage, is clipped), and its blessing (against the model deployed then) moves the estimate
     * of the improvement the Evaluator asks for: a one-dimensional online logistic fit.
     */
    private static void updateQuality(PipelineHistory history, RunFacts run, Metric metric, DriftCost drift) {
        if (run.getEvaluation() < 0) {
            return;
        }
        double evaluation = run.getEvaluation();
        double excess = drift.excess(run.getDrift());
        String version = run.getModuleFingerprint() + "\n" + run.getHparamsFingerprint();
        double scale = metric.scale(); // the spreads below are in AUC units
        double noise = LEVEL_NOISE * scale * (LEVEL_NOISE * scale);
        double shift = LEVEL_SHIFT * scale * (LEVEL_SHIFT * scale);
        if (history.getQualityCount() == 0) {
            history.setQualityMean(evaluation);
            history.setQualityExcess(excess);
            history.setQualityVariance(noise);
        } else {
            double variance = history.getQualityVariance() > 0 ? history.getQualityVariance()
                    : noise / Math.min(LEVEL_MEMORY, history.getQualityCount());
            variance += LEVEL_WANDER * scale * scale + shift * changes(history.getQualityVersion(), version);
            double innovation = evaluation - drift.cost(run.getDrift()) - level(history, drift);
            double spread = LEVEL_CLIP * Math.sqrt(variance + noise);
            double step = variance / (variance + noise) * (Math.abs(innovation) > spread ? spread / Math.abs(innovation) : 1);
            history.setQualityMean(history.getQualityMean() + step * (evaluation - history.getQualityMean()));
            history.setQualityExcess(history.getQualityExcess() + step * (excess - history.getQualityExcess()));
            history.setQualityVariance(noise * variance / (variance + noise));
        }
        history.setQualityVersion(version);
        history.setQualityCount(history.getQualityCount() + 1);
        double baseline = baselineEvaluation(history, run);
        if (run.getBlessed() >= 0 && baseline >= 0) {
            double improvement = metric.gain(run.getEvaluation(), baseline);
            double p = 1 / (1 + Math.exp(-(improvement - history.getBlessBar()) / (BAR_WIDTH * scale)));
            history.setBlessBar(history.getBlessBar() + BAR_STEP * scale * (p - run.getBlessed()));
            history.setBlessCount(history.getBlessCount() + 1);
        }
    }

    /** Fingerprints (module, hyperparameters) that differ between two versions; an unknown one differs from none. */
    private static double changes(String before, String now) {
        String[] a = before.split("\n", -1);
        String[] b = now.split("\n", -1);
        double changes = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            changes += Features.differs(a[i], b[i]);
        }
        return changes;
    }

    /** Runs a peer median needs, and runs kept per step (the median stopping rule's "earlier runs at this step"). */
    static final int MIN_PEERS = 5;
    static final int MAX_PEERS = 15;

    /** The median of the curve values the pipeline's latest runs reported at a step; NaN with fewer than five. */
    static double peerMedian(PipelineHistory history, double step) {
        int at = history.getPeerSteps().indexOf(step);
        if (at < 0 || history.getPeerValues().get(at).size() < MIN_PEERS) {
            return Double.NaN;
        }
        double[] values = history.getPeerValues().get(at).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void updatePeers(PipelineHistory history, RunFacts run) {
        List<Double> steps = history.getPeerSteps();
        List<List<Double>> values = history.getPeerValues();
        for (int i = 0; i < run.getCurveSteps().size(); i++) {
            double step = run.getCurveSteps().get(i);
            int at = steps.indexOf(step);
            if (at < 0) {
                if (steps.size() >= MAX_GAP_STEPS) { // forget the step with the fewest runs
                    int least = least(values.size(), j -> values.get(j).size());
                    steps.remove(least);
                    values.remove(least);
                }
                steps.add(step);
                values.add(new ArrayList<>());
                at = steps.size() - 1;
            }
            List<Double> kept = values.get(at);
            kept.add(run.getCurveValues().get(i));
            while (kept.size() > MAX_PEERS) {
                kept.remove(0);
            }
        }
    }

    /** The first of {@code n} indexes with the smallest {@code count}: the tracked step to forget for a new one. */
    private static int least(int n, java.util.function.IntUnaryOperator count) {
        int least = 0;
        for (int j = 1; j < n; j++) {
            if (count.applyAsInt(j) < count.applyAsInt(least)) {
                least = j;
            }
        }
        return least;
    }

    /** How far, on average, the curve metric at a step lies below the run's final evaluation; NaN when not known. */
    static double gap(PipelineHistory history, double step) {
        int at = history.getGapSteps().indexOf(step);
        return at < 0 ? Double.NaN : history.getGapMeans().get(at);
    }

    private static void updateGaps(PipelineHistory history, RunFacts run) {
        if (run.getEvaluation() < 0) {
            return;
        }
        List<Double> steps = history.getGapSteps();
        List<Double> means = history.getGapMeans();
        List<Integer> counts = history.getGapCounts();
        for (int i = 0; i < run.getCurveSteps().size(); i++) {
            double step = run.getCurveSteps().get(i);
            double gap = run.getEvaluation() - run.getCurveValues().get(i);
            int at = steps.indexOf(step);
            if (at < 0) {
                if (steps.size() >= MAX_GAP_STEPS) { // forget the step seen least
                    int least = least(counts.size(), counts::get);
                    steps.remove(least);
                    means.remove(least);
                    counts.remove(least);
                }
                steps.add(step);
                means.add(gap);
                counts.add(1);
            } else {
                int n = Math.min(GAP_WINDOW, counts.get(at) + 1);
                means.set(at, means.get(at) + (gap - means.get(at)) / n);
                counts.set(at, counts.get(at) + 1);
            }
        }
    }
}
