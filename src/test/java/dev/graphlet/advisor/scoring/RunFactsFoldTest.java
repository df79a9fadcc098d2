package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RunFactsFoldTest {

    /** The definition: split the joined set, add the token, and join it sorted again if it was not there. */
    private static String reference(String joined, String token) {
        TreeSet<String> set = RunFactsFold.split(joined);
        return set.add(token) ? String.join(",", set) : joined;
    }

    @Test
    void addingATokenIsASortedSetUnionWhateverTheTokensShareWithEachOther() {
        List<String> tokens = List.of("Transform", "TransformX", "XTransform", "Trans", "form", "a", "ab", "b", "a,b", "Examples:f1", "Examples:f");
        Random random = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            String joined = "";
            for (int i = random.nextInt(6); i > 0; i--) {
                joined = reference(joined, tokens.get(random.nextInt(tokens.size())));
            }
            String token = tokens.get(random.nextInt(tokens.size()));
            assertThat(RunFactsFold.withToken(joined, token)).as("'%s' + '%s'", joined, token).isEqualTo(reference(joined, token));
        }
    }

    @Test
    void aSummaryLeavesOutTheScoresAndCurveAndLeavesTheRunAsItWas() {
        var run = RunFactsFold.empty();
        run.setSpan(4);
        run.getCurveSteps().add(1.0);
        run.getCurveValues().add(0.7);

        var summary = RunFactsFold.summary(run);

        assertThat(summary.getSpan()).isEqualTo(4);
        assertThat(summary.getCurveSteps()).isEmpty();
        assertThat(summary.getScored()).isEmpty();
        assertThat(run.getCurveSteps()).containsExactly(1.0);
        assertThat(run.getCurveValues()).containsExactly(0.7);
    }
}
