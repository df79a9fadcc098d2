package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;

/**
 * A rule that may SKIP a run at its decision points, as an orchestrator would follow it. It learns only from the
 * events it is shown (never from a run's hidden outcome), in event-time order; the evaluation calls
 * {@link #observe} with every event, then {@link #skip} when the event is a decision point of a run not yet over.
 */
public interface SkipPolicy {

    /** Short name with its parameter, for tables and plots. */
    String name();

    /** The policy's family (its curve), e.g. "push-rate". */
    String family();

    /** The parameter that moves the policy along its curve, or NaN for a policy with a single operating point. */
    double parameter();

    void observe(ExecutionEvent event);

    /**
     * An event of a holdout run (one the policy wanted to skip but which ran anyway, so its outcome is known), weighted
     * by the inverse of the holdout probability so that such runs stand for all the runs it skipped.
     */
    default void observe(ExecutionEvent event, double weight) {
        observe(event);
    }

    boolean skip(DecisionPoint point, ExecutionEvent event);

    /**
     * Whether the policy explores by itself (answers some would-be SKIPs CONTINUE and weights their outcomes): the
     * counterfactual replay then draws no holdouts of its own for it.
     */
    default boolean explores() {
        return false;
    }

    /** Whether the policy may see ground truth (the perfect-foresight bound), which no real policy can. */
    default boolean oracle() {
        return false;
    }
}
