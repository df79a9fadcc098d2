package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.graphlet.DecisionPointReached;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineState;
import java.time.Duration;

/**
 * The seam where scoring plugs into the topology. The topology keeps the state (a run's facts with its graphlet, the
 * pipeline's history with its summary, the task's model in a store) and hands it over; scoring reads and updates it.
 * Without a seam, decision points are detected and counted, and no advisory is published.
 */
public interface Advising {

    /** Folds the event into the run's facts, kept with the graphlet. */
    void fold(GraphletState graphlet, ExecutionEvent event);

    /**
     * Scores the run at a decision point and decides, updating the run's facts on {@code graphlet} (the caller
     * stores them).
     *
     * @param mode the mode in force for the pipeline (OFF: score and remember, but publish nothing)
     */
    Verdict decide(DecisionPointReached reached, GraphletState graphlet, ModelState model, Mode mode);

    /** A graphlet became final: its outcome teaches the model and joins the pipeline's history. */
    void finished(GraphletState graphlet, GraphletOutcome outcome, PipelineState pipeline, ModelState model);

    /** How long (event time) advice stays fresh. */
    Duration validFor();

    /** The model a task starts from when its store holds none. */
    ModelState startingModel();

    /** The fleet's mode unless the control topic says otherwise. */
    Mode configuredMode();

    /** A model snapshot goes to the model topic every this many outcomes learned. */
    long snapshotEvery();
}
