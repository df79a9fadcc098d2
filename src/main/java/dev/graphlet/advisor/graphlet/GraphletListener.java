package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.PipelineState;
import java.util.List;

/** What the assembler tells a listener (scoring) as it goes; the listener may add to the states it is handed. */
public interface GraphletListener {

    GraphletListener NONE = new GraphletListener() {
    };

    /** An event was folded into its graphlet, which is stored after this returns. */
    default void folded(GraphletState graphlet, ExecutionEvent event) {
    }

    /**
     * The event reached decision points (in order; each holds the live graphlet and pipeline summary). The listener
     * may add to the graphlet (facts, advisories), which is stored after this returns; the summary is read-only.
     */
    default void reached(String graphletId, List<DecisionPointReached> points) {
    }

    /** A graphlet became final (or OPEN at the end of input); the pipeline summary is stored after this returns. */
    default void finished(GraphletState graphlet, GraphletOutcome outcome, PipelineState pipeline) {
    }
}
