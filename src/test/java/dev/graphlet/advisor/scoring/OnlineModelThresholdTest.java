package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineModelThresholdTest {

    /** The threshold's definition, written plainly: walk the ring by score (ties in ring order) until the budget is spent. */
    private static double reference(List<Float> scores, List<Float> probabilities, List<Integer> outcomes, double maxMissed) {
        Integer[] order = new Integer[scores.size()];
        double deployments = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            deployments += outcomes.get(i) < 0 ? probabilities.get(i) : outcomes.get(i);
        }
        Arrays.sort(order, Comparator.comparingDouble(scores::get));
        double missed = 0;
        double variance = 0;
        for (Integer i : order) {
            double p = probabilities.get(i);
            double spread = OnlineModel.BUDGET_SIGMAS * Math.sqrt(variance + p * (1 - p));
            if (scores.get(i) >= 1 || missed + p + spread > maxMissed * deployments) {
                return scores.get(i);
            }
            missed += p;
            variance += p * (1 - p);
        }
        return 1;
    }

    @Test
    void theThresholdIsTheScoreWhereTheMissBudgetRunsOutWithTiesInRingOrder() {
        Random random = new Random(42);
        for (int ring = 0; ring < 300; ring++) {
            int size = 1 + random.nextInt(OnlineModel.RING);
            List<Float> scores = new ArrayList<>();
            List<Float> probabilities = new ArrayList<>();
            List<Integer> outcomes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                // coarse scores make many ties; some are 0, -0 and 1 exactly
                float score = switch (random.nextInt(8)) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    case 2 -> 1f;
                    default -> Math.round(random.nextFloat() * 50) / 50f;
                };
                scores.add(score);
                probabilities.add(random.nextFloat());
                outcomes.add(random.nextInt(3) - 1);
            }
            double budget = random.nextDouble() * 0.1;
            assertThat(OnlineModel.threshold(scores, probabilities, outcomes, budget))
                    .as("ring %d of %d runs", ring, size)
                    .isEqualTo(reference(scores, probabilities, outcomes, budget));
        }
    }
}
