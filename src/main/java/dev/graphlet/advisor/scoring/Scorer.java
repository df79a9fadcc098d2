package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.graphlet.DecisionPointReached;

/** Scores a run at a decision point from the pipeline's state alone. */
public interface Scorer {

    Score score(DecisionPointReached reached);
}
