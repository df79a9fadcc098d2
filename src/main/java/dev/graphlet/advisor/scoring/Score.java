package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.Reason;
import java.util.List;

/**
 * A model's view of one run at one decision point.
 *
 * @param deployProbability       probability that the run ends in a deployment
 * @param reasons                 the features that weighed most, strongest first
 * @param expectedCostSavedMilli  what a SKIP now would be expected to save (milli cost units)
 * @param modelVersion            version of the model that scored
 */
public record Score(double deployProbability, List<Reason> reasons, long expectedCostSavedMilli, String modelVersion) {
}
