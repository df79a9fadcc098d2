package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.Reason;
import java.util.List;

/**
 * What the advisor made of a run at a decision point.
 *
 * @param guard     why the policy may not SKIP here (RUN_START, NO_DEPLOYED_MODEL, CADENCE_UNKNOWN, OVERDUE, WARMING_UP),
 *                  or null
 * @param wouldSkip the score is below the threshold and no guard holds
 * @param withheld  the score is below the threshold but a guard holds: the SKIP the guard withholds
 * @param holdout   a would-be SKIP answered CONTINUE for exploration
 * @param skip      the advice is SKIP (in the mode given: SHADOW advice is not acted on)
 */
public record Verdict(DecisionPoint point, double probability, double threshold, String guard, boolean wouldSkip,
                      boolean withheld, boolean holdout, boolean skip, Mode mode, List<Reason> reasons,
                      long expectedSavedMilli, String modelVersion) {

    public static final String RUN_START = "RUN_START";
    public static final String NO_DEPLOYED_MODEL = "NO_DEPLOYED_MODEL";
    public static final String CADENCE_UNKNOWN = "CADENCE_UNKNOWN";
    public static final String OVERDUE = "OVERDUE";
    public static final String WARMING_UP = "WARMING_UP";
    /** Every guard a verdict may name. */
    public static final List<String> GUARDS = List.of(RUN_START, NO_DEPLOYED_MODEL, CADENCE_UNKNOWN, OVERDUE, WARMING_UP);
}
