package dev.graphlet.advisor.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each policy's world against the never-skip world of the same fleet: the metrics of honest evaluation, none of
 * which one kind of pipeline can game alone.
 */
public final class Comparison {

    /** One policy's row. Shares are fractions; cadence ratios are new/old median push interval per pipeline. */
    public record Row(String policy, String family, double parameter, double wasteAvoided, double computeSaved,
                      double deploymentsLost, double pipelinesLosingOver5Percent, double cadenceRatioMedian,
                      double cadenceRatioP95, long skips, long skippedWouldDeploy, long deployments,
                      long wastedCostMilli, long totalCostMilli, double knockOnLost, double servingQualityChange,
                      double regressionsLost) {

        /** The deployments lost that would have replaced the served model with a better one. */
        public double improvementsLost() {
            return deploymentsLost - regressionsLost;
        }
    }

    private final ClosedLoop.World reference;
    private final List<Row> rows = new ArrayList<>();

    private final long spanMillis;

    /** @param spanMillis the simulated period: the interval that stands for "no further push" */
    public Comparison(ClosedLoop.World neverSkip, List<ClosedLoop.World> worlds, long spanMillis) {
        this.spanMillis = spanMillis;
        this.reference = neverSkip;
        for (ClosedLoop.World world : worlds) {
            rows.add(row(neverSkip, world, spanMillis));
        }
    }

    public List<Row> rows() {
        return rows;
    }

    public ClosedLoop.World reference() {
        return reference;
    }

    static Row row(ClosedLoop.World base, ClosedLoop.World world, long spanMillis) {
        double wasteAvoided = share(base.wastedCostMilli() - world.wastedCostMilli(), base.wastedCostMilli());
        double computeSaved = share(base.totalCostMilli() - world.totalCostMilli(), base.totalCostMilli());
        double lost = share(base.deployments() - world.deployments(), base.deployments());
        int pipelines = 0;
        int losing = 0;
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<String, List<Long>> entry : base.pushTimes().entrySet()) {
            int before = entry.getValue().size();
            List<Long> after = world.pushTimes().getOrDefault(entry.getKey(), List.of());
            pipelines++;
            if (before - after.size() > 0.05 * before) {
                losing++;
            }
            if (before >= 3) { // a pipeline left with fewer than two pushes waited the whole period
                double afterInterval = after.size() >= 2 ? medianInterval(after) : spanMillis;
                ratios.add(afterInterval / medianInterval(entry.getValue()));
            }
        }
        Collections.sort(ratios);
        return new Row(world.policy(), world.family(), world.parameter(), wasteAvoided, computeSaved, lost,
                share(losing, pipelines), quantile(ratios, 0.5), quantile(ratios, 0.95), world.skips(),
                world.skippedWouldDeploy(), world.deployments(), world.wastedCostMilli(), world.totalCostMilli(),
                share(base.deployments() - world.deployments() - world.skippedWouldDeploy(), base.deployments()),
                world.servingQuality() - base.servingQuality(),
                share(base.regressingDeployments() - world.regressingDeployments(), base.deployments()));
    }

    private static double medianInterval(List<Long> times) {
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            intervals.add(times.get(i) - times.get(i - 1));
        }
        Collections.sort(intervals);
        return intervals.get(intervals.size() / 2);
    }

    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    private static double share(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }

    /** The table, Markdown. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        ClosedLoop.World base = reference;
        out.append(String.format(Locale.ROOT, "Never-skip world: %,d runs, %,d deployments, %,.0f cost units, of which %,.0f (%.1f%%) wasted.%n%n",
                base.runs(), base.deployments(), base.totalCostMilli() / 1000.0, base.wastedCostMilli() / 1000.0,
                100.0 * share(base.wastedCostMilli(), base.totalCostMilli())));
        out.append("| policy | waste avoided | compute saved | deployments lost | pipelines losing >5% | cadence ratio median / p95 | skips | skips of would-be deployments |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.2f%% | %.1f%% | %.2f / %.2f | %,d | %,d |%n",
                    r.policy(), 100 * r.wasteAvoided(), 100 * r.computeSaved(), 100 * r.deploymentsLost(),
                    100 * r.pipelinesLosingOver5Percent(), r.cadenceRatioMedian(), r.cadenceRatioP95(), r.skips(),
                    r.skippedWouldDeploy()));
        }
        if (!Double.isNaN(base.servingQuality())) {
            out.append(String.format(Locale.ROOT, "%nDeployments lost, split two ways: those skipped outright (skips of would-be "
                    + "deployments) and the knock-on (later runs that would have deployed and did not, net of those that deployed "
                    + "instead); and improvements (a model better than the one served when its run started) against regressions "
                    + "(a worse one, which an Evaluator with a negative margin blesses; %.1f%% of never-skip's deployments). Beside them, "
                    + "the quality of the model served when a run starts (aged as its data is; mean over runs, never-skip's %.4f), "
                    + "against never-skip's:%n%n",
                    100 * share(base.regressingDeployments(), base.deployments()), base.servingQuality()));
            out.append("| policy | deployments lost | skipped outright | knock-on | improvements lost | regressions lost | served model quality |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, "| %s | %.2f%% | %.2f%% | %+.2f%% | %+.2f%% | %+.2f%% | %+.4f |%n", r.policy(),
                        100 * r.deploymentsLost(), 100 * share(r.skippedWouldDeploy(), base.deployments()), 100 * r.knockOnLost(),
                        100 * r.improvementsLost(), 100 * r.regressionsLost(), r.servingQualityChange()));
            }
        }
        out.append(new EqualLoss(rows).markdown());
        return out.toString();
    }

    /** The rows as plain data (for JSON). */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        ClosedLoop.World base = reference;
        map.put("neverSkip", Map.of("runs", base.runs(), "deployments", base.deployments(),
                "totalCostMilli", base.totalCostMilli(), "wastedCostMilli", base.wastedCostMilli()));
        map.put("policies", rows);
        EqualLoss equalLoss = new EqualLoss(rows);
        if (!equalLoss.isEmpty()) {
            Map<String, Object> atEqualLoss = new LinkedHashMap<>();
            atEqualLoss.put("baselines", equalLoss.baselines());
            atEqualLoss.put("advisorAgainstBounds", equalLoss.bounds());
            // The most any policy held to the advisor's guards could avoid (perfect foresight held to them), when it ran.
            equalLoss.guardedCeiling().ifPresent(c -> atEqualLoss.put("guardedCeiling", c.wasteAvoided()));
            map.put("atEqualLoss", atEqualLoss);
        }
        return map;
    }
}
