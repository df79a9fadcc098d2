package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.graphlet.DecisionPointReached;
import java.util.Optional;

/** Turns a score into advice, or into nothing (mode OFF, kill switch, guards). */
public interface Policy {

    Optional<Advice> advise(DecisionPointReached reached, Score score);
}
