package dev.graphlet.advisor.scoring;

/**
 * The seam where scoring plugs into the topology: a scorer and a policy. Without one, decision points are
 * detected and counted, and no advisory is published.
 */
public record Advising(Scorer scorer, Policy policy) {
}
