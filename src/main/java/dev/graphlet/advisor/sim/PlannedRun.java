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
 */
public record PlannedRun(String pipelineId, String runId, int index, long start, List<ExecutionEvent> events,
                         boolean deploys, double quality, boolean cached, boolean identical, boolean failed,
                         double drift, boolean broken, long costMilli, String modelArtifact) {

    /** Events per execution: its RUNNING report and its terminal event; a Trainer that trains adds progress reports. */
    public static final int EVENTS_PER_EXECUTION = 2;
    public static final int TRAINER_PROGRESS_EVENTS = 3;

    public long end() {
        return events.get(events.size() - 1).getEventTime().toEpochMilli();
    }
}
