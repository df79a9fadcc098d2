package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.GraphletOutcome;

/** A graphlet's outcome and the event time at which it became final (its record timestamp). */
public record FinalOutcome(GraphletOutcome outcome, long finalTime) {
}
