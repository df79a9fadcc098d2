package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.Reason;
import dev.graphlet.advisor.state.ModelState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineModelReasonsTest {

    /** The reasons' definition, written plainly: every non-zero contribution but the bias, by magnitude, ties by name. */
    private static List<Reason> reference(ModelState model, int point, double[] x, int top) {
        List<Reason> all = new ArrayList<>();
        for (int i = 1; i < x.length; i++) {
            double contribution = model.getWeights().get(point).get(i) * x[i];
            if (contribution != 0) {
                all.add(new Reason(Features.NAMES.get(i), x[i], contribution));
            }
        }
        all.sort(Comparator.comparingDouble((Reason r) -> -Math.abs(r.getContribution())).thenComparing(Reason::getFeature));
        return all.subList(0, Math.min(top, all.size()));
    }

    @Test
    void theReasonsAreTheStrongestContributionsWithTiesByFeatureName() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            ModelState model = OnlineModel.fresh();
            int point = random.nextInt(OnlineModel.POINTS);
            double[] x = new double[Features.SIZE];
            for (int i = 0; i < x.length; i++) {
                // coarse values make equal magnitudes of either sign; many are 0
                x[i] = random.nextInt(3) == 0 ? 0 : (random.nextInt(5) - 2) * 0.5;
                model.getWeights().get(point).set(i, random.nextInt(4) == 0 ? 0.0 : (random.nextInt(5) - 2) * 0.25);
            }
            int top = random.nextInt(6);
            assertThat(OnlineModel.reasons(model, point, x, top)).as("round %d", round)
                    .isEqualTo(reference(model, point, x, top));
        }
    }
}
