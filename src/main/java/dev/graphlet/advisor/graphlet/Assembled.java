package dev.graphlet.advisor.graphlet;

import java.util.List;

/**
 * What folding one event changed: the graphlet it joined, the decision points it reached, and outcomes made
 * final on the way (a graphlet evicted by the open-graphlet cap).
 */
public record Assembled(String graphletId, List<DecisionPointReached> decisionPoints, List<FinalOutcome> outcomes) {
}
