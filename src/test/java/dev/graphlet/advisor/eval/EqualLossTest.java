package dev.graphlet.advisor.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Baselines against the advisor's curve at equal deployments lost, and the advisor against the bounds. */
class EqualLossTest {

    static Comparison.Row row(String policy, String family, double waste, double lost) {
        return new Comparison.Row(policy, family, 0, waste, 0, lost, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static final List<Comparison.Row> ADVISOR = List.of(
            row("advisor-0.010", "advisor", 0.17, 0.0050),  // given out of order: the curve is sorted by loss
            row("advisor-0.003", "advisor", 0.13, 0.0014),
            row("advisor-0.020", "advisor", 0.19, 0.0110));

    @Test
    void aBaselineInsideTheRangeMeetsTheAdvisorsCurveInterpolatedAtItsLoss() {
        List<Comparison.Row> rows = new java.util.ArrayList<>(ADVISOR);
        rows.add(row("never-skip", "never-skip", 0, 0));
        rows.add(row("median-stopping-0.06", "median-stopping", 0.124, 0.0045));
        rows.add(row("strong", "strong", 0.20, 0.0080));

        EqualLoss equal = new EqualLoss(rows);

        assertThat(equal.baselines()).extracting(EqualLoss.Baseline::policy).containsExactly("median-stopping-0.06", "strong");
        EqualLoss.Baseline median = equal.baselines().get(0);
        // between 13% at 0.14% and 17% at 0.50%: 0.31 of the way
        assertThat(median.advisorWasteAvoided()).isCloseTo(0.13 + (0.0045 - 0.0014) / (0.0050 - 0.0014) * 0.04, within(1e-12));
        assertThat(median.verdict()).isEqualTo(EqualLoss.Verdict.ADVISOR_AHEAD);
        assertThat(equal.baselines().get(1).verdict()).isEqualTo(EqualLoss.Verdict.BASELINE_AHEAD);
        assertThat(equal.markdown()).contains("| median-stopping-0.06 | 12.4% | 0.45% | 16.4% | +4.0 points | advisor ahead |")
                .contains("The advisor is not ahead of: strong.");
        assertThat(equal.bounds()).isEmpty();
    }

    @Test
    void outsideTheRangeOnlyDominanceDecides() {
        List<Comparison.Row> rows = new java.util.ArrayList<>(ADVISOR);
        rows.add(row("costly", "push-rate", 0.18, 0.30));     // more lost than any advisor point, less avoided
        rows.add(row("narrow", "median-stopping", 0.10, 0.0010)); // less lost, less avoided: undecided
        rows.add(row("sharp", "median-stopping", 0.14, 0.0012));  // less lost and more avoided than advisor-0.003
        rows.add(row("greedy", "push-rate", 0.40, 0.33));

        EqualLoss equal = new EqualLoss(rows);

        assertThat(equal.baselines()).extracting(EqualLoss.Baseline::verdict).containsExactly(
                EqualLoss.Verdict.ADVISOR_AHEAD, EqualLoss.Verdict.OUTSIDE_RANGE, EqualLoss.Verdict.BASELINE_AHEAD,
                EqualLoss.Verdict.OUTSIDE_RANGE);
        assertThat(equal.baselines().get(0).by()).isEqualTo("advisor-0.020");
        assertThat(equal.baselines().get(2).by()).isEqualTo("advisor-0.003");
        assertThat(equal.baselines()).allSatisfy(b -> assertThat(b.advisorWasteAvoided()).isNaN());
        assertThat(equal.markdown()).contains("The advisor is not ahead of: sharp. 2 baseline points are outside its range, undecided.");
    }

    @Test
    void eachAdvisorPointIsSetAgainstTheBoundsAtItsLoss() {
        List<Comparison.Row> rows = new java.util.ArrayList<>(ADVISOR);
        rows.add(row("information-bound-0.020", InformationBound.FAMILY, 0.475, 0.0055));
        rows.add(row("information-bound-0.050", InformationBound.FAMILY, 0.539, 0.0182));
        rows.add(row("information-bound-guarded-0.020", InformationBound.GUARDED_FAMILY, 0.22, 0.0027));
        rows.add(row("information-bound-guarded-0.050", InformationBound.GUARDED_FAMILY, 0.246, 0.0090));

        EqualLoss equal = new EqualLoss(rows);

        assertThat(equal.baselines()).isEmpty();
        assertThat(equal.bounds()).extracting(EqualLoss.AgainstBounds::policy)
                .containsExactly("advisor-0.003", "advisor-0.010", "advisor-0.020");
        EqualLoss.AgainstBounds byDefault = equal.bounds().get(1);
        assertThat(byDefault.bound()).isNaN(); // 0.50% is below the free bound's lowest point
        assertThat(byDefault.guardedBound()).isCloseTo(0.22 + (0.0050 - 0.0027) / (0.0090 - 0.0027) * 0.026, within(1e-12));
        assertThat(equal.bounds().get(2).bound()).isCloseTo(0.475 + (0.0110 - 0.0055) / (0.0182 - 0.0055) * 0.064, within(1e-12));
        assertThat(equal.markdown()).contains("| advisor-0.010 | 17.0% | 0.50% | - | - | 22.9% | 74% |");
    }

    @Test
    void perfectForesightHeldToTheGuardsIsStatedAsTheCeilingNotComparedAsABaseline() {
        Comparison.Row ceiling = new Comparison.Row("perfect-foresight-guarded", Baselines.PerfectForesight.GUARDED, Double.NaN,
                0.526, 0.193, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        List<Comparison.Row> rows = new java.util.ArrayList<>(ADVISOR);
        rows.add(ceiling);
        rows.add(row("perfect-foresight", Baselines.PerfectForesight.NAME, 1.0, 0));

        EqualLoss equal = new EqualLoss(rows);

        assertThat(equal.baselines()).isEmpty();
        assertThat(equal.guardedCeiling()).contains(ceiling);
        assertThat(equal.markdown()).contains("Held to the advisor's guards, perfect foresight avoids 52.6% of the waste "
                + "(19.3% of all compute) and loses no deployment: no policy held to those guards avoids more without losing "
                + "deployments");
        // Stated even where no advisor ran.
        assertThat(new EqualLoss(List.of(ceiling)).markdown()).contains("perfect foresight avoids 52.6% of the waste");
    }

    @Test
    void withoutAdvisorPointsThereIsNothingToCompare() {
        EqualLoss equal = new EqualLoss(List.of(row("tfx-cache", "tfx-cache", 0.057, 0.0036)));
        assertThat(equal.baselines()).isEmpty();
        assertThat(equal.guardedCeiling()).isEmpty();
        assertThat(equal.markdown()).isEmpty();
    }
}
