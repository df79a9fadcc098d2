package dev.graphlet.advisor.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Policies compared at equal deployments lost: each baseline's operating point against the advisor's curve at the
 * same loss (linear between the advisor's two nearest points), and each advisor point against the bounds' curves.
 * A point outside the advisor's range is still decided when one advisor point dominates it (no more lost, at least as
 * much waste avoided) or it dominates one; otherwise it is left undecided, never extrapolated.
 */
public final class EqualLoss {

    static final String ADVISOR = AdvisorPolicy.FAMILY;
    private static final Set<String> NOT_BASELINES = Set.of(ADVISOR, "never-skip", Baselines.PerfectForesight.NAME,
            Baselines.PerfectForesight.GUARDED, InformationBound.FAMILY, InformationBound.GUARDED_FAMILY);

    /** How a baseline point stands against the advisor's curve. */
    public enum Verdict { ADVISOR_AHEAD, BASELINE_AHEAD, TIED, OUTSIDE_RANGE }

    /**
     * @param advisorWasteAvoided the advisor's waste avoided at the baseline's loss (interpolated), or NaN outside its
     *                            range
     * @param by                  the advisor point that decided it outside the range, or null
     */
    public record Baseline(String policy, double wasteAvoided, double deploymentsLost, double advisorWasteAvoided,
                           Verdict verdict, String by) {

        /** The advisor is not ahead of it: the baseline is ahead, or they tie. */
        public boolean unbeaten() {
            return verdict == Verdict.BASELINE_AHEAD || verdict == Verdict.TIED;
        }
    }

    /** An advisor point and what each bound's curve avoids at its loss (NaN outside that curve's range). */
    public record AgainstBounds(String policy, double wasteAvoided, double deploymentsLost, double bound,
                                double guardedBound) {
    }

    private final List<Baseline> baselines = new ArrayList<>();
    private final List<AgainstBounds> bounds = new ArrayList<>();
    /** Perfect foresight held to the advisor's guards, when it ran: the most any policy held to them could avoid. */
    private Comparison.Row guardedCeiling;

    public EqualLoss(List<Comparison.Row> rows) {
        for (Comparison.Row r : rows) {
            if (r.family().equals(Baselines.PerfectForesight.GUARDED)) {
                guardedCeiling = r;
            }
        }
        List<Comparison.Row> advisor = curve(rows, ADVISOR);
        if (advisor.isEmpty()) {
            return;
        }
        for (Comparison.Row r : rows) {
            if (!NOT_BASELINES.contains(r.family()) && !AdvisorPolicy.isVariant(r.family())) {
                baselines.add(against(advisor, r));
            }
        }
        List<Comparison.Row> bound = curve(rows, InformationBound.FAMILY);
        List<Comparison.Row> guarded = curve(rows, InformationBound.GUARDED_FAMILY);
        if (!bound.isEmpty() || !guarded.isEmpty()) {
            for (Comparison.Row a : advisor) {
                bounds.add(new AgainstBounds(a.policy(), a.wasteAvoided(), a.deploymentsLost(),
                        at(bound, a.deploymentsLost()), at(guarded, a.deploymentsLost())));
            }
        }
    }

    public List<Baseline> baselines() {
        return baselines;
    }

    public List<AgainstBounds> bounds() {
        return bounds;
    }

    /** A family's points by deployments lost. */
    private static List<Comparison.Row> curve(List<Comparison.Row> rows, String family) {
        List<Comparison.Row> points = new ArrayList<>();
        for (Comparison.Row r : rows) {
            if (r.family().equals(family)) {
                points.add(r);
            }
        }
        points.sort(Comparator.comparingDouble(Comparison.Row::deploymentsLost));
        return points;
    }

    /** The curve's waste avoided at {@code lost}, linear between its nearest points; NaN outside its range. */
    static double at(List<Comparison.Row> curve, double lost) {
        if (curve.isEmpty() || lost < curve.get(0).deploymentsLost() || lost > curve.get(curve.size() - 1).deploymentsLost()) {
            return Double.NaN;
        }
        for (int i = 0; i < curve.size(); i++) {
            Comparison.Row hi = curve.get(i);
            if (hi.deploymentsLost() >= lost) {
                if (hi.deploymentsLost() == lost || i == 0) {
                    return hi.wasteAvoided();
                }
                Comparison.Row lo = curve.get(i - 1);
                double t = (lost - lo.deploymentsLost()) / (hi.deploymentsLost() - lo.deploymentsLost());
                return lo.wasteAvoided() + t * (hi.wasteAvoided() - lo.wasteAvoided());
            }
        }
        return Double.NaN;
    }

    private static Baseline against(List<Comparison.Row> advisor, Comparison.Row b) {
        double at = at(advisor, b.deploymentsLost());
        if (!Double.isNaN(at)) {
            Verdict verdict = at > b.wasteAvoided() ? Verdict.ADVISOR_AHEAD
                    : at < b.wasteAvoided() ? Verdict.BASELINE_AHEAD : Verdict.TIED;
            return new Baseline(b.policy(), b.wasteAvoided(), b.deploymentsLost(), at, verdict, null);
        }
        for (Comparison.Row a : advisor) { // outside the range: decided only by dominance
            if (a.deploymentsLost() <= b.deploymentsLost() && a.wasteAvoided() >= b.wasteAvoided()) {
                return new Baseline(b.policy(), b.wasteAvoided(), b.deploymentsLost(), Double.NaN, Verdict.ADVISOR_AHEAD, a.policy());
            }
        }
        for (Comparison.Row a : advisor) {
            if (b.deploymentsLost() <= a.deploymentsLost() && b.wasteAvoided() >= a.wasteAvoided()) {
                return new Baseline(b.policy(), b.wasteAvoided(), b.deploymentsLost(), Double.NaN, Verdict.BASELINE_AHEAD, a.policy());
            }
        }
        return new Baseline(b.policy(), b.wasteAvoided(), b.deploymentsLost(), Double.NaN, Verdict.OUTSIDE_RANGE, null);
    }

    /** The baseline points the advisor is not ahead of, in table order. */
    public List<Baseline> unbeaten() {
        return baselines.stream().filter(Baseline::unbeaten).toList();
    }

    /** How many baseline points lie outside the advisor's range, undecided. */
    public long undecided() {
        return baselines.stream().filter(b -> b.verdict() == Verdict.OUTSIDE_RANGE).count();
    }

    /** Perfect foresight held to the advisor's guards, if it ran. */
    public Optional<Comparison.Row> guardedCeiling() {
        return Optional.ofNullable(guardedCeiling);
    }

    /** Nothing to compare: there were no advisor points, and no ceiling for them. */
    public boolean isEmpty() {
        return baselines.isEmpty() && bounds.isEmpty() && guardedCeiling == null;
    }

    /** The section, Markdown; empty without advisor points. */
    public String markdown() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (!baselines.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nAt equal deployments lost: each baseline against the advisor's curve at the "
                    + "baseline's loss (linear between the advisor's nearest points; outside the advisor's range, only a point "
                    + "that dominates decides):%n%n"));
            out.append("| baseline | waste avoided | deployments lost | advisor at that loss | difference | verdict |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (Baseline b : baselines) {
                boolean inRange = !Double.isNaN(b.advisorWasteAvoided());
                out.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.2f%% | %s | %s | %s |%n", b.policy(),
                        100 * b.wasteAvoided(), 100 * b.deploymentsLost(),
                        inRange ? String.format(Locale.ROOT, "%.1f%%", 100 * b.advisorWasteAvoided()) : "-",
                        inRange ? String.format(Locale.ROOT, "%+.1f points", 100 * (b.advisorWasteAvoided() - b.wasteAvoided())) : "-",
                        describe(b)));
            }
            List<String> behind = unbeaten().stream().map(Baseline::policy).toList();
            long undecided = undecided();
            out.append(String.format(Locale.ROOT, "%n%s%s%n", behind.isEmpty()
                            ? "The advisor is ahead of every baseline point it can be compared with."
                            : "The advisor is not ahead of: " + String.join(", ", behind) + ".",
                    undecided == 0 ? "" : String.format(Locale.ROOT, " %d baseline point%s outside its range, undecided.",
                            undecided, undecided == 1 ? " is" : "s are")));
        }
        if (!bounds.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nEach advisor point against the bounds at its loss (linear between the "
                    + "bound's nearest points; - outside the bound's range):%n%n"));
            out.append("| advisor | waste avoided | deployments lost | information bound | share of it | guarded bound | share of it |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (AgainstBounds a : bounds) {
                out.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.2f%% | %s | %s | %s | %s |%n", a.policy(),
                        100 * a.wasteAvoided(), 100 * a.deploymentsLost(), percent(a.bound()), share(a.wasteAvoided(), a.bound()),
                        percent(a.guardedBound()), share(a.wasteAvoided(), a.guardedBound())));
            }
        }
        if (guardedCeiling != null) {
            out.append(String.format(Locale.ROOT, "%nHeld to the advisor's guards, perfect foresight avoids %.1f%% of the waste "
                    + "(%.1f%% of all compute) and loses no deployment: no policy held to those guards avoids more "
                    + "without losing deployments, however well it predicts.%n",
                    100 * guardedCeiling.wasteAvoided(), 100 * guardedCeiling.computeSaved()));
        }
        return out.toString();
    }

    private static String describe(Baseline b) {
        return switch (b.verdict()) {
            case ADVISOR_AHEAD -> b.by() == null ? "advisor ahead" : "advisor ahead (" + b.by() + " dominates it)";
            case BASELINE_AHEAD -> b.by() == null ? "baseline ahead" : "baseline ahead (it dominates " + b.by() + ")";
            case TIED -> "tied";
            case OUTSIDE_RANGE -> "outside the advisor's range";
        };
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String share(double part, double whole) {
        return Double.isNaN(whole) || whole <= 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * part / whole);
    }
}
