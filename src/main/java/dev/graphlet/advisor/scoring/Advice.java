package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.AdvisoryMode;
import dev.graphlet.advisor.contract.Decision;
import java.time.Duration;

/**
 * What the policy makes of a score.
 *
 * @param validFor how long (event time) after the triggering event the advice stays fresh
 */
public record Advice(Decision decision, AdvisoryMode mode, double threshold, boolean holdout, Duration validFor) {
}
