package dev.graphlet.advisor.replay;

import dev.graphlet.advisor.contract.AdvisoryTrace;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.graphlet.OutcomeLabel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay found, from the outcomes the topology wrote: the waste, what following the advisories would have
 * saved, the deployments that would have been lost, and the push cadence per pipeline before and after. Sorted
 * throughout, so that the same outcomes always give the same report. Costs are in compute units.
 */
public record ReplayReport(String input, long events, long graphlets, long open, Map<String, Long> byReason,
                           long deployed, double totalCost, double wastedCost, double wastedShare,
                           Map<String, Double> wastedByComponent, long advisedSkip, double savedIfFollowed,
                           double wasteAvoidedIfFollowed, long deploymentsLostIfFollowed, List<PipelineRow> pipelines) {

    /** One pipeline: median push interval in hours before and after following the advisories (NaN: fewer than 2). */
    public record PipelineRow(String pipelineId, long graphlets, long deployed, double wastedCost, double medianPushHoursBefore,
                              double medianPushHoursAfter) {
    }

    static ReplayReport of(String input, long events, List<GraphletOutcome> outcomes) {
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> wastedMilli = new TreeMap<>(); // integer sums: the same whatever the arrival order
        Map<String, List<GraphletOutcome>> byPipeline = new TreeMap<>();
        long open = 0;
        long deployed = 0;
        long total = 0;
        long wasted = 0;
        long advisedSkip = 0;
        long saved = 0;
        long wasteAvoided = 0;
        long lost = 0;
        for (GraphletOutcome o : outcomes) {
            byReason.merge(o.getReason().name(), 1L, Long::sum);
            if (o.getReason() == OutcomeReason.OPEN) {
                open++;
                continue;
            }
            byPipeline.computeIfAbsent(o.getPipelineId(), k -> new ArrayList<>()).add(o);
            total += o.getTotalCostMilli();
            if (o.getDeployed()) {
                deployed++;
            } else {
                wasted += o.getTotalCostMilli();
                o.getCostByComponentMilli().forEach((c, v) -> wastedMilli.merge(c, v, Long::sum));
            }
            AdvisoryTrace skip = OutcomeLabel.firstSkip(o).orElse(null);
            if (skip != null) {
                advisedSkip++;
                long after = OutcomeLabel.costAfterMilli(o, skip);
                saved += after;
                if (o.getDeployed()) {
                    lost++;
                } else {
                    wasteAvoided += after;
                }
            }
        }
        Map<String, Double> wastedByComponent = new TreeMap<>();
        wastedMilli.forEach((c, v) -> wastedByComponent.put(c, v / 1000.0));
        List<PipelineRow> rows = new ArrayList<>();
        byPipeline.forEach((pipeline, list) -> {
            List<Long> pushes = new ArrayList<>();
            List<Long> surviving = new ArrayList<>();
            long pipelineWaste = 0;
            for (GraphletOutcome o : list) {
                if (o.getDeployed()) {
                    pushes.add(o.getEndTime().toEpochMilli());
                    if (OutcomeLabel.firstSkip(o).isEmpty()) {
                        surviving.add(o.getEndTime().toEpochMilli());
                    }
                } else {
                    pipelineWaste += o.getTotalCostMilli();
                }
            }
            rows.add(new PipelineRow(pipeline, list.size(), pushes.size(), pipelineWaste / 1000.0, medianHours(pushes),
                    medianHours(surviving)));
        });
        rows.sort(Comparator.comparingDouble(PipelineRow::wastedCost).reversed().thenComparing(PipelineRow::pipelineId));
        return new ReplayReport(input, events, outcomes.size(), open, byReason, deployed, total / 1000.0, wasted / 1000.0,
                total == 0 ? 0 : (double) wasted / total, wastedByComponent, advisedSkip, saved / 1000.0,
                wasted == 0 ? 0 : (double) wasteAvoided / wasted, lost, rows);
    }

    private static double medianHours(List<Long> times) {
        if (times.size() < 2) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(Long::compare);
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            intervals.add(sorted.get(i) - sorted.get(i - 1));
        }
        intervals.sort(Long::compare);
        return intervals.get(intervals.size() / 2) / 3_600_000.0;
    }
}
