package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.PipelineState;

/**
 * A graphlet reached a decision point with this event: what the scoring seam gets to decide on. The states are
 * copies as of after the event; the seam reads them and must not keep them.
 */
public record DecisionPointReached(DecisionPoint decisionPoint, ExecutionEvent event, GraphletState graphlet,
                                   PipelineState pipeline) {
}
