package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.scoring.Advisor;
import dev.graphlet.advisor.scoring.PipelineHistories;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.state.PipelineHistory;
import java.util.HashMap;
import java.util.Map;

/**
 * The advisor's pipeline guards (no SKIP at RUN_START unless allowed there, none before a pipeline has a deployed model
 * or, with the cadence guard on, a known cadence, none while it is overdue for a push) applied for a bound: each
 * pipeline's pushes as the bound's own world sees them, and the advisor's rule on them.
 */
final class AdvisorGuards {

    private final Advisor advisor;
    private final Map<String, PipelineHistory> cadences = new HashMap<>();

    AdvisorGuards(ScoringSettings settings) {
        this.advisor = new Advisor(settings);
    }

    /** Takes in a run's last event: a push moves its pipeline's cadence. */
    void observeLast(ExecutionEvent event) {
        if (GraphletStates.pushes(event)) {
            PipelineHistories.pushedAt(cadence(event), event.getEventTime().toEpochMilli());
        }
    }

    /** Whether a guard withholds any SKIP of the event's run at this decision point. */
    boolean hold(DecisionPoint point, ExecutionEvent event) {
        return advisor.pipelineGuard(point, cadence(event), event.getEventTime().toEpochMilli()) != null;
    }

    private PipelineHistory cadence(ExecutionEvent event) {
        return cadences.computeIfAbsent(event.getPipelineId(), k -> PipelineHistories.empty());
    }
}
