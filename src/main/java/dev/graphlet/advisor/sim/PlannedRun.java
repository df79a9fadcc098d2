package dev.graphlet.advisor.sim;

import dev.graphlet.advisor.contract.ExecutionEvent;
import java.util.List;

/**
 * One simulated training run: its events in time order and the ground truth behind them (which the events only
 * hint at). A run's push takes effect when its Pusher's last event is emitted, so a run cancelled before then
 * leaves the pipeline on its older deployed model.
 *
 * @param index         the run's number within its pipeline
 * @param deploys       its Pusher writes pushed = 1 (if it is not cancelled first)
 * @param quality       the latent quality of the model it trains
 * @param cached        identical to the previous run, with TFX caching on: everything CACHED
 * @param identical     inputs, code, parameters and structure identical to the previous run
 * @param failed        an execution fails
 * @param drift         the data drift its inputs carry (0 when none)
 * @param broken        a recent workflow-structure or schema change weighs on it
 * @param costMilli     its total cost in milli-units if it runs to the end
 * @param latent        what the simulator knew of the run's quality before drawing it (for the information bound)
 * @param serving       the quality of the model the pipeline serves when the run starts, aged as its data is (what a
 *                      new model must beat, less the margin); NaN before the pipeline's first push
 */
public record PlannedRun(String pipelineId, String runId, int index, long start, List<ExecutionEvent> events,
                         boolean deploys, double quality, boolean cached, boolean identical, boolean failed,
                         double drift, boolean broken, long costMilli, String modelArtifact, Latent latent,
                         double serving) {

    /**
     * The hidden state behind a run's blessing, all but the run's own noise: its quality is drawn from
     * N({@code mean}, {@code sd}²) ({@code sd} 0 when the run repeats the previous one) and it is blessed when the
     * quality exceeds {@code bar} (minus infinity for a pipeline's first model, plus infinity for the deployed model
     * again). The Trainer reports its curve at progress k/(n+1) as quality - {@code rampGain} (1 - progress) plus
     * noise of standard deviation {@link #CURVE_NOISE}/sqrt(k).
     */
    public record Latent(double mean, double sd, double bar, double rampGain) {

        /**
         * The chance that the run is blessed given this hidden state and the curve points the Trainer has reported so
         * far ({@code curve.get(k - 1)} the k-th): the normal posterior of its quality against the bar.
         */
        public double blessChance(List<Double> curve) {
            if (Double.isInfinite(bar) || sd == 0) {
                return mean > bar ? 1 : 0;
            }
            double precision = 1 / (sd * sd);
            double weighted = mean * precision;
            for (int k = 1; k <= curve.size(); k++) {
                double progress = k / (TRAINER_PROGRESS_EVENTS + 1.0);
                double pointPrecision = k / (CURVE_NOISE * CURVE_NOISE);
                precision += pointPrecision;
                weighted += pointPrecision * (curve.get(k - 1) + rampGain * (1 - progress));
            }
            return 1 - Normal.cdf((bar - weighted / precision) * Math.sqrt(precision));
        }
    }

    /** Noise of the Trainer's first curve point; the k-th has this over sqrt(k). */
    public static final double CURVE_NOISE = 0.02;

    /** Events per execution: its RUNNING report and its terminal event; a Trainer that trains adds progress reports. */
    public static final int EVENTS_PER_EXECUTION = 2;
    public static final int TRAINER_PROGRESS_EVENTS = 3;

    public long end() {
        return events.get(events.size() - 1).getEventTime().toEpochMilli();
    }
}
