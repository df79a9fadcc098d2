package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.util.Set;

/** Where evaluation asks a policy: the same decision points the advisor's topology detects. */
final class DecisionPoints {

    private DecisionPoints() {
    }

    /**
     * RUN_START at a run's first event; PRE_TRAIN at the Trainer's first report; IN_TRAINING at each later
     * Trainer report with metrics. {@code reached} remembers the run's one-off points.
     */
    static DecisionPoint of(ExecutionEvent event, Set<DecisionPoint> reached) {
        boolean trainer = event.getComponentType().equals("Trainer");
        boolean running = event.getState() == ExecutionState.RUNNING || event.getState() == ExecutionState.NEW;
        if (reached.add(DecisionPoint.RUN_START)) {
            return DecisionPoint.RUN_START;
        }
        if (trainer && running && reached.add(DecisionPoint.PRE_TRAIN)) {
            return DecisionPoint.PRE_TRAIN;
        }
        if (trainer && running && !event.getMetrics().isEmpty()) {
            return DecisionPoint.IN_TRAINING;
        }
        return null;
    }
}
