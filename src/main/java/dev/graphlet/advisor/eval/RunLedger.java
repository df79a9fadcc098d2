package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.graphlet.GraphletStates;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What evaluation knows of one run so far: the cost each execution reported, its decision points, its push. */
class RunLedger {

    final Map<String, Long> costSoFar = new HashMap<>();
    final Set<DecisionPoint> reached = new HashSet<>();
    boolean pushed;

    /** Takes in the event's cost; returns whether it is the run's push. */
    boolean record(ExecutionEvent event) {
        costSoFar.put(event.getExecutionId(), Math.round((event.getCost() == null ? 0 : event.getCost()) * 1000));
        boolean pushes = GraphletStates.pushes(event);
        pushed |= pushes;
        return pushes;
    }

    /** Milli units spent so far: every execution's latest reported (cumulative) cost. */
    long spent() {
        return costSoFar.values().stream().mapToLong(Long::longValue).sum();
    }
}
