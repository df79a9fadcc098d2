package dev.graphlet.advisor.graphlet;

import java.util.List;

/**
 * What folding one event changed: the graphlet it joined, the decision points it reached, and outcomes made
 * final on the way (a graphlet evicted by the open-graphlet cap); or that it was a redelivery, which changed nothing.
 */
public record Assembled(String graphletId, List<DecisionPointReached> decisionPoints, List<FinalOutcome> outcomes,
                        boolean duplicate) {

    static Assembled duplicateOf(String graphletId) {
        return new Assembled(graphletId, List.of(), List.of(), true);
    }
}
