package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.AdvisoryTrace;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.state.ExecutionSummary;
import dev.graphlet.advisor.state.GraphletState;
import java.util.Optional;

/**
 * The label of a final graphlet, by precedence:
 * <ol>
 * <li>PUSHED: a Pusher completed and wrote a PushedModel with {@code pushed} 1 (or absent);</li>
 * <li>FAILED: an execution failed;</li>
 * <li>SKIPPED_ON_ADVICE: the run was cancelled and the orchestrator confirmed a SKIP on the feedback topic;</li>
 * <li>NOT_BLESSED: a blessing of 0 was written, and the Pusher wrote {@code pushed} 0, was cancelled, or never
 * ran;</li>
 * <li>CANCELED: an execution was cancelled;</li>
 * <li>NOT_PUSHED: the Pusher completed without pushing, or was CACHED (an earlier push re-used), with a positive
 * (or no) blessing;</li>
 * <li>TIMED_OUT: no terminal event within the inactivity timeout.</li>
 * </ol>
 */
public record OutcomeLabel(boolean deployed, OutcomeReason reason) {

    public static OutcomeLabel of(GraphletState graphlet) {
        boolean pusherCompleted = false;
        boolean pushed = false;
        boolean failed = false;
        boolean canceled = false;
        boolean notBlessed = false;
        for (ExecutionSummary e : graphlet.getExecutions()) {
            ExecutionState state = ExecutionState.valueOf(e.getState());
            if (GraphletStates.PUSHER.equals(e.getComponentType())
                    && (state == ExecutionState.COMPLETE || state == ExecutionState.CACHED)) {
                pusherCompleted = true;
                // A cached Pusher re-uses an earlier push: nothing new is deployed.
                pushed |= state == ExecutionState.COMPLETE && e.getPushed() == 1;
            }
            failed |= state == ExecutionState.FAILED;
            canceled |= state == ExecutionState.CANCELED;
            notBlessed |= e.getBlessed() == 0;
        }
        if (pushed) {
            return new OutcomeLabel(true, OutcomeReason.PUSHED);
        }
        if (failed) {
            return new OutcomeLabel(false, OutcomeReason.FAILED);
        }
        if (canceled && graphlet.getSkipConfirmed()) {
            return new OutcomeLabel(false, OutcomeReason.SKIPPED_ON_ADVICE);
        }
        if (notBlessed) {
            return new OutcomeLabel(false, OutcomeReason.NOT_BLESSED);
        }
        if (canceled) {
            return new OutcomeLabel(false, OutcomeReason.CANCELED);
        }
        if (pusherCompleted) {
            return new OutcomeLabel(false, OutcomeReason.NOT_PUSHED);
        }
        return new OutcomeLabel(false, OutcomeReason.TIMED_OUT);
    }

    /** The first SKIP advisory the graphlet received, if any. */
    public static Optional<AdvisoryTrace> firstSkip(GraphletOutcome outcome) {
        return outcome.getAdvisories().stream().filter(a -> a.getDecision() == Decision.SKIP).findFirst();
    }

    /** What following that SKIP would have saved: the graphlet's cost after it (milli units). */
    public static long costAfterMilli(GraphletOutcome outcome, AdvisoryTrace skip) {
        return Math.max(0, outcome.getTotalCostMilli() - skip.getCostBeforeMilli());
    }
}
