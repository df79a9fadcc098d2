package dev.graphlet.advisor.sim;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulated fleet yields, from the ground truth of its planned runs (uncancelled), beside what the paper
 * states: the calibration table of the README.
 */
public final class Calibration {

    private final Map<String, Long> pushTimes = new HashMap<>();
    private final Map<String, List<Long>> intervals = new HashMap<>();
    private final Map<String, Long> costByComponent = new TreeMap<>();
    private long runs;
    private long events;
    private long deployed;
    private long dnnRuns;
    private long failed;
    private long identical;
    private long cached;
    private long driftRuns;
    private long driftDeployed;
    private long brokenRuns;
    private long brokenDeployed;
    private long cleanRuns;
    private long cleanDeployed;
    private long dnnDeployed;
    private long totalCost;
    private long wastedCost;

    public void accept(PlannedRun run) {
        runs++;
        events += run.events().size();
        boolean dnn = run.events().stream().anyMatch(e -> "dnn".equals(e.getProperties().get("model_family")));
        if (dnn) {
            dnnRuns++;
            dnnDeployed += run.deploys() ? 1 : 0;
        }
        if (run.deploys()) {
            deployed++;
            long pushTime = run.end();
            Long previous = pushTimes.put(run.pipelineId(), pushTime);
            if (previous != null) {
                intervals.computeIfAbsent(run.pipelineId(), k -> new ArrayList<>()).add(pushTime - previous);
            }
        } else {
            wastedCost += run.costMilli();
        }
        totalCost += run.costMilli();
        failed += run.failed() ? 1 : 0;
        identical += run.identical() ? 1 : 0;
        cached += run.cached() ? 1 : 0;
        if (run.drift() > 0) {
            driftRuns++;
            driftDeployed += run.deploys() ? 1 : 0;
        }
        if (run.broken()) {
            brokenRuns++;
            brokenDeployed += run.deploys() ? 1 : 0;
        }
        if (run.drift() == 0 && !run.broken() && !run.failed() && !run.identical()) {
            cleanRuns++;
            cleanDeployed += run.deploys() ? 1 : 0;
        }
        for (ExecutionEvent e : run.events()) {
            if (e.getState() != ExecutionState.RUNNING && e.getState() != ExecutionState.NEW && e.getCost() != null) {
                costByComponent.merge(e.getComponentType(), Math.round(e.getCost() * 1000), Long::sum);
            }
        }
    }

    public long runs() {
        return runs;
    }

    public long events() {
        return events;
    }

    public double deployedShare() {
        return share(deployed, runs);
    }

    /** Median over pipelines of each pipeline's median interval between pushes, in hours. */
    public double medianPushIntervalHours() {
        List<Double> medians = new ArrayList<>();
        intervals.values().forEach(list -> medians.add(median(list) / 3_600_000.0));
        Collections.sort(medians);
        return medians.isEmpty() ? Double.NaN : medians.get(medians.size() / 2);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** The calibration table, Markdown. */
    public String table(SimulationSettings settings) {
        StringBuilder out = new StringBuilder();
        out.append("| quantity | the paper | this simulation |\n|---|---|---|\n");
        row(out, "pipelines x days", "3000 x >120 (\"more than four months\")", settings.pipelines() + " x " + settings.days());
        row(out, "training runs (model graphlets)", "> 450,000", String.format(Locale.ROOT, "%,d", runs));
        row(out, "events", "-", String.format(Locale.ROOT, "%,d (%.1f per run)", events, (double) events / Math.max(1, runs)));
        row(out, "models that are DNNs", "about 60%", pct(share(dnnRuns, runs)));
        row(out, "graphlets not deployed", "> 30%", pct(1 - deployedShare()));
        row(out, "compute in non-deployed graphlets (waste)", "-", pct(share(wastedCost, totalCost)));
        row(out, "deployed share: runs on drifted data", "drift drives non-deployment", pct(share(driftDeployed, driftRuns))
                + " of " + String.format(Locale.ROOT, "%,d", driftRuns));
        row(out, "deployed share: runs after a structure/schema change", "structure changes drive non-deployment",
                pct(share(brokenDeployed, brokenRuns)) + " of " + String.format(Locale.ROOT, "%,d", brokenRuns));
        row(out, "deployed share: clean runs (no drift, change, failure or repeat)", "-", pct(share(cleanDeployed, cleanRuns)));
        row(out, "deployed share: DNN vs other models", "model type matters much less",
                pct(share(dnnDeployed, dnnRuns)) + " vs " + pct(share(deployed - dnnDeployed, runs - dnnRuns)));
        row(out, "runs with a failed execution", "-", pct(share(failed, runs)));
        row(out, "runs identical to the previous one (TFX-cache case) / served from cache", "-",
                pct(share(identical, runs)) + " / " + pct(share(cached, runs)));
        row(out, "median push interval (median over pipelines)", "-", String.format(Locale.ROOT, "%.1f h", medianPushIntervalHours()));
        StringBuilder split = new StringBuilder();
        long sum = costByComponent.values().stream().mapToLong(Long::longValue).sum();
        costByComponent.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> split.append(split.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(pct(share(e.getValue(), sum))));
        row(out, "cost split by component", "Trainer dominant", split.toString());
        return out.toString();
    }

    private static void row(StringBuilder out, String what, String paper, String simulated) {
        out.append("| ").append(what).append(" | ").append(paper).append(" | ").append(simulated).append(" |\n");
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
