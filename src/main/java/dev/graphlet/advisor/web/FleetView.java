package dev.graphlet.advisor.web;

import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.AdvisoryMode;
import dev.graphlet.advisor.contract.AdvisoryTrace;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What operators look at, folded from the advisor's output topics: fleet waste per event-time hour (total,
 * wasted, avoided by SKIPs), deployments and deployments advised SKIP, and per pipeline its figures, recent
 * outcomes and advisories. Bounded: the latest {@value #MAX_BUCKETS} hours, {@value #RECENT} records per pipeline.
 * Thread-safe (one writer, many readers).
 */
public final class FleetView {

    static final int MAX_BUCKETS = 24 * 60;
    static final int RECENT = 8;
    static final int MAX_SKIPS_REMEMBERED = 200_000;
    static final long HOUR = 3_600_000L;

    /** One hour of the fleet (by the outcomes' end time). */
    public record Bucket(long hourStart, long graphlets, long deployed, long totalCostMilli, long wastedCostMilli,
                         long avoidedCostMilli, long deploymentsAdvisedSkip) {
    }

    /** One pipeline's figures. */
    public record PipelineFigures(String pipelineId, long graphlets, long deployed, long totalCostMilli,
                                  long wastedCostMilli, long avoidedCostMilli, long skips, long deploymentsAdvisedSkip) {
    }

    private static final class Pipeline {
        long graphlets;
        long deployed;
        long total;
        long wasted;
        long avoided;
        long skips;
        long advisedSkipDeployed;
        // The records themselves: their display rows are built only when someone looks.
        final Deque<RecentOutcome> outcomes = new ArrayDeque<>();
        final Deque<Advisory> advisories = new ArrayDeque<>();
    }

    private final TreeMap<Long, long[]> buckets = new TreeMap<>();
    private final Map<String, Pipeline> pipelines = new HashMap<>();
    private final LinkedHashMap<String, Long> skipSavings = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_SKIPS_REMEMBERED;
        }
    };
    private long totalAvoided;
    private long totalWasted;
    private long deploymentsAdvisedSkip;
    private long advisories;

    public synchronized void advisory(Advisory a) {
        advisories++;
        Pipeline p = pipeline(a.getPipelineId());
        if (a.getDecision() == Decision.SKIP) {
            p.skips++;
            skipSavings.put(a.getAdvisoryId(), a.getExpectedCostSavedMilli());
        }
        push(p.advisories, a);
    }

    public synchronized void outcome(GraphletOutcome o) {
        if (o.getReason() == OutcomeReason.OPEN) {
            return;
        }
        Pipeline p = pipeline(o.getPipelineId());
        long wasted = o.getDeployed() ? 0 : o.getTotalCostMilli();
        AdvisoryTrace activeSkip = null;
        boolean advisedSkip = false;
        for (AdvisoryTrace t : o.getAdvisories()) {
            if (t.getDecision() == Decision.SKIP) {
                advisedSkip = true;
                if (activeSkip == null && t.getMode() == AdvisoryMode.ACTIVE) {
                    activeSkip = t;
                }
            }
        }
        long avoided = 0;
        if (o.getReason() == OutcomeReason.SKIPPED_ON_ADVICE && activeSkip != null) {
            avoided = skipSavings.getOrDefault(activeSkip.getAdvisoryId(), 0L);
        }
        long hour = Math.floorDiv(o.getEndTime().toEpochMilli(), HOUR) * HOUR;
        long[] b = buckets.computeIfAbsent(hour, h -> new long[6]);
        b[0]++;
        b[1] += o.getDeployed() ? 1 : 0;
        b[2] += o.getTotalCostMilli();
        b[3] += wasted;
        b[4] += avoided;
        b[5] += o.getDeployed() && advisedSkip ? 1 : 0;
        while (buckets.size() > MAX_BUCKETS) {
            buckets.pollFirstEntry();
        }
        p.graphlets++;
        p.deployed += o.getDeployed() ? 1 : 0;
        p.total += o.getTotalCostMilli();
        p.wasted += wasted;
        p.avoided += avoided;
        p.advisedSkipDeployed += o.getDeployed() && advisedSkip ? 1 : 0;
        totalWasted += wasted;
        totalAvoided += avoided;
        deploymentsAdvisedSkip += o.getDeployed() && advisedSkip ? 1 : 0;
        push(p.outcomes, new RecentOutcome(o.getGraphletId(), o.getReason(), o.getDeployed(), o.getTotalCostMilli(),
                o.getEndTime().toEpochMilli(), o.getAdvisories().size()));
    }

    public synchronized List<Bucket> timeline() {
        List<Bucket> list = new ArrayList<>();
        buckets.forEach((hour, b) -> list.add(new Bucket(hour, b[0], b[1], b[2], b[3], b[4], b[5])));
        return list;
    }

    public synchronized List<PipelineFigures> pipelines() {
        List<PipelineFigures> list = new ArrayList<>();
        pipelines.forEach((id, p) -> list.add(figures(id, p)));
        list.sort(Comparator.comparingLong(PipelineFigures::wastedCostMilli).reversed().thenComparing(PipelineFigures::pipelineId));
        return list;
    }

    /** A pipeline's figures and recent records, or null when it has none. */
    public synchronized Map<String, Object> detail(String pipelineId) {
        Pipeline p = pipelines.get(pipelineId);
        if (p == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("figures", figures(pipelineId, p));
        map.put("recentOutcomes", p.outcomes.stream().map(RecentOutcome::row).toList());
        map.put("lastAdvisories", p.advisories.stream().map(FleetView::row).toList());
        return map;
    }

    public synchronized Map<String, Object> totals() {
        long graphlets = 0;
        long deployed = 0;
        long total = 0;
        for (Pipeline p : pipelines.values()) {
            graphlets += p.graphlets;
            deployed += p.deployed;
            total += p.total;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("pipelines", pipelines.size());
        map.put("graphlets", graphlets);
        map.put("deployed", deployed);
        map.put("totalCost", total / 1000.0);
        map.put("wastedCost", totalWasted / 1000.0);
        map.put("avoidedCost", totalAvoided / 1000.0);
        map.put("deploymentsAdvisedSkip", deploymentsAdvisedSkip);
        map.put("advisories", advisories);
        return map;
    }

    public synchronized long wastedCostMilli() {
        return totalWasted;
    }

    public synchronized long avoidedCostMilli() {
        return totalAvoided;
    }

    public synchronized long deploymentsAdvisedSkip() {
        return deploymentsAdvisedSkip;
    }

    private Pipeline pipeline(String id) {
        return pipelines.computeIfAbsent(id, k -> new Pipeline());
    }

    private static PipelineFigures figures(String id, Pipeline p) {
        return new PipelineFigures(id, p.graphlets, p.deployed, p.total, p.wasted, p.avoided, p.skips, p.advisedSkipDeployed);
    }

    private static Map<String, Object> row(Advisory a) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("advisoryId", a.getAdvisoryId());
        row.put("graphletId", a.getGraphletId());
        row.put("decisionPoint", a.getDecisionPoint().name());
        row.put("decision", a.getDecision().name());
        row.put("mode", a.getMode().name());
        row.put("deployProbability", a.getDeployProbability());
        row.put("threshold", a.getThreshold());
        row.put("holdout", a.getHoldout());
        row.put("reasons", a.getReasons().stream().map(r -> Map.of("feature", r.getFeature(), "value", r.getValue(),
                "contribution", r.getContribution())).toList());
        row.put("eventTime", a.getEventTime().toString());
        row.put("modelVersion", a.getModelVersion());
        return row;
    }

    /** What a pipeline's recent outcomes show, without the outcome's cost map and advisory traces. */
    private record RecentOutcome(String graphletId, OutcomeReason reason, boolean deployed, long totalCostMilli,
                                 long endTimeMillis, int advisories) {
        Map<String, Object> row() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("graphletId", graphletId);
            row.put("reason", reason.name());
            row.put("deployed", deployed);
            row.put("totalCost", totalCostMilli / 1000.0);
            row.put("endTime", Instant.ofEpochMilli(endTimeMillis).toString());
            row.put("advisories", advisories);
            return row;
        }
    }

    private static <T> void push(Deque<T> deque, T row) {
        deque.addFirst(row);
        while (deque.size() > RECENT) {
            deque.removeLast();
        }
    }
}
