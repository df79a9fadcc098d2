package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.state.ModelState;

/**
 * How dear a pipeline's runs are against the typical run of the task: the waste a SKIP avoids is counted in compute,
 * the deployments it may lose one by one, so a SKIP of a dear run is worth more of the miss budget than a cheap one's.
 * The typical cost is learned on the model (the mean log cost of the runs that ended, decaying after the first
 * {@value #MEMORY}), so the cost unit of the fleet does not matter.
 */
final class RunCost {

    /** Runs after which the typical cost stops being a plain mean and decays (weight 1/MEMORY for each new run). */
    static final int MEMORY = 1000;
    /** The most a run's cost counts for, either way, in natural-log units (a factor of about 20). */
    static final double MAX_LOG_DEARNESS = 3.0;

    private RunCost() {
    }

    /**
     * Natural log of the pipeline's run cost over the typical run's, within {@link #MAX_LOG_DEARNESS}; 0 while either
     * is unknown.
     */
    static double logDearness(ModelState model, double runCostMilli) {
        if (model.getRunCostRuns() == 0 || !(runCostMilli > 0)) {
            return 0;
        }
        double dearness = Math.log(runCostMilli) - model.getRunCostLogMean();
        return Math.max(-MAX_LOG_DEARNESS, Math.min(MAX_LOG_DEARNESS, dearness));
    }

    /** A run of a pipeline whose runs cost {@code runCostMilli} (as far as known) ended. */
    static void learn(ModelState model, double runCostMilli) {
        if (!(runCostMilli > 0)) {
            return;
        }
        long runs = model.getRunCostRuns() + 1;
        double mean = model.getRunCostLogMean();
        model.setRunCostLogMean(mean + (Math.log(runCostMilli) - mean) / Math.min(runs, MEMORY));
        model.setRunCostRuns(runs);
    }
}
