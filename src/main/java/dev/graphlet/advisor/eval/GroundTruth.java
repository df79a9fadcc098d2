package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.sim.PlannedRun;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What only the bounds may read: whether a run would not deploy if it ran, and, in the closed loop, the simulator's
 * plan of the run with its hidden state. No real policy sees either.
 */
@FunctionalInterface
public interface GroundTruth extends Predicate<String> {

    /** Whether the run would not deploy if it ran. */
    @Override
    boolean test(String runId);

    /** The simulator's plan of the run; empty outside the closed loop (a fixed trace has no hidden state). */
    default Optional<PlannedRun> plan(String runId) {
        return Optional.empty();
    }
}
