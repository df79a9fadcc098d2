package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.contract.AdvisoryTrace;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.graphlet.OutcomeLabel;
import dev.graphlet.advisor.state.FleetPartial;
import dev.graphlet.advisor.state.WasteTally;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Event-time waste windows, kept by the stream task that owns the pipelines, so that they are exact and do not
 * depend on how fast other tasks run: each outcome is added to its pipeline's window (by the time it became
 * final); when the task's event clock passes a window's end plus grace, the task emits the window's per-pipeline
 * {@link WasteMetrics} (once, at close) and a {@link FleetPartial} with the task's sum, which the fleet processor
 * combines once every task has closed that window. Sums are integers.
 */
final class WasteWindows {

    private static final String CLOSED_THROUGH = "closed-through";

    private final KeyValueStore<Bytes, WasteTally> tallies;
    private final KeyValueStore<String, Long> progress;
    private final long size;
    private final long grace;
    private final int partition;
    private final int partitions;

    WasteWindows(KeyValueStore<Bytes, WasteTally> tallies, KeyValueStore<String, Long> progress,
                 AdvisorSettings settings, int partition) {
        this.tallies = tallies;
        this.progress = progress;
        this.size = settings.metricsWindow().toMillis();
        this.grace = settings.metricsGrace().toMillis();
        this.partition = partition;
        this.partitions = settings.inputPartitions();
    }

    /** Adds an outcome (not OPEN) to its pipeline's window, never to one already closed. */
    void count(GraphletOutcome outcome, long finalTime) {
        Long closed = progress.get(CLOSED_THROUGH);
        long time = closed == null ? finalTime : Math.max(finalTime, closed);
        long start = time - Math.floorMod(time, size);
        Bytes key = key(start, outcome.getPipelineId());
        WasteTally tally = Optional.ofNullable(tallies.get(key)).orElseGet(() -> WasteTally.newBuilder().build());
        tallies.put(key, add(tally, outcome));
    }

    /**
     * Closes the windows whose end plus grace is at or before {@code streamTime} (with {@code endOfInput}: every
     * window up to and including the one holding {@code streamTime}), returning the records to emit.
     */
    List<SpecificRecord> close(long streamTime, boolean endOfInput) {
        List<SpecificRecord> emitted = new ArrayList<>();
        if (streamTime < 0) {
            return emitted; // the task has seen no record yet: nothing to close
        }
        long limit = endOfInput ? streamTime - Math.floorMod(streamTime, size) + size : streamTime - grace;
        Long closedThrough = progress.get(CLOSED_THROUGH);
        if (closedThrough == null) {
            // First close of this task: earlier windows hold nothing of it, and outcomes to come are later.
            long through = limit - Math.floorMod(limit, size);
            progress.put(CLOSED_THROUGH, through);
            emitted.add(partial(-1, through, WasteTally.newBuilder().build()));
            return emitted;
        }
        long closed = closedThrough;
        while (closed + size <= limit) {
            long start = closed;
            long end = closed + size;
            WasteTally sum = WasteTally.newBuilder().build();
            List<Bytes> done = new ArrayList<>();
            try (KeyValueIterator<Bytes, WasteTally> window = tallies.range(prefix(start), prefix(end))) {
                while (window.hasNext()) {
                    KeyValue<Bytes, WasteTally> entry = window.next();
                    if (ByteBuffer.wrap(entry.key.get()).getLong() != start) {
                        continue;
                    }
                    String pipelineId = new String(entry.key.get(), 8, entry.key.get().length - 8, StandardCharsets.UTF_8);
                    emitted.add(metrics(start, end, pipelineId, entry.value));
                    merge(sum, entry.value);
                    done.add(entry.key);
                }
            }
            done.forEach(tallies::delete);
            emitted.add(partial(start, end, sum));
            closed = end;
        }
        progress.put(CLOSED_THROUGH, closed);
        return emitted;
    }

    private FleetPartial partial(long start, long end, WasteTally tally) {
        return FleetPartial.newBuilder().setPartition(partition).setPartitions(partitions)
                .setWindowStart(start).setWindowEnd(end).setTally(tally).build();
    }

    private static Bytes prefix(long windowStart) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(windowStart).array());
    }

    private static Bytes key(long windowStart, String scope) {
        byte[] id = scope.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(windowStart).put(id).array());
    }

    static WasteTally add(WasteTally tally, GraphletOutcome outcome) {
        long cost = outcome.getTotalCostMilli();
        tally.setGraphlets(tally.getGraphlets() + 1);
        tally.setTotalCostMilli(tally.getTotalCostMilli() + cost);
        tally.setCostByComponentMilli(sum(tally.getCostByComponentMilli(), outcome.getCostByComponentMilli()));
        Optional<AdvisoryTrace> firstSkip = OutcomeLabel.firstSkip(outcome);
        if (outcome.getDeployed()) {
            tally.setDeployed(tally.getDeployed() + 1);
            if (firstSkip.isPresent()) {
                tally.setDeploymentsAdvisedSkip(tally.getDeploymentsAdvisedSkip() + 1);
            }
        } else {
            tally.setWastedCostMilli(tally.getWastedCostMilli() + cost);
            firstSkip.ifPresent(skip -> tally.setFlaggedWasteMilli(tally.getFlaggedWasteMilli()
                    + OutcomeLabel.costAfterMilli(outcome, skip)));
        }
        Long interval = outcome.getPushIntervalMillis();
        if (interval != null) {
            tally.setPushIntervalSum(tally.getPushIntervalSum() + interval);
            tally.setPushIntervalCount(tally.getPushIntervalCount() + 1);
            tally.setPushIntervalMax(Math.max(tally.getPushIntervalMax(), interval));
        }
        return tally;
    }

    /** Adds {@code from} into {@code into}: integer sums and a maximum, so the order of merges does not matter. */
    static void merge(WasteTally into, WasteTally from) {
        into.setGraphlets(into.getGraphlets() + from.getGraphlets());
        into.setDeployed(into.getDeployed() + from.getDeployed());
        into.setTotalCostMilli(into.getTotalCostMilli() + from.getTotalCostMilli());
        into.setWastedCostMilli(into.getWastedCostMilli() + from.getWastedCostMilli());
        into.setCostByComponentMilli(sum(into.getCostByComponentMilli(), from.getCostByComponentMilli()));
        into.setFlaggedWasteMilli(into.getFlaggedWasteMilli() + from.getFlaggedWasteMilli());
        into.setDeploymentsAdvisedSkip(into.getDeploymentsAdvisedSkip() + from.getDeploymentsAdvisedSkip());
        into.setPushIntervalSum(into.getPushIntervalSum() + from.getPushIntervalSum());
        into.setPushIntervalCount(into.getPushIntervalCount() + from.getPushIntervalCount());
        into.setPushIntervalMax(Math.max(into.getPushIntervalMax(), from.getPushIntervalMax()));
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> total = new HashMap<>(a);
        b.forEach((component, cost) -> total.merge(component, cost, Long::sum));
        return total;
    }

    static WasteMetrics metrics(long start, long end, String scope, WasteTally tally) {
        boolean pushes = tally.getPushIntervalCount() > 0;
        return WasteMetrics.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setScope(scope)
                .setGraphlets(tally.getGraphlets())
                .setDeployed(tally.getDeployed())
                .setTotalCostMilli(tally.getTotalCostMilli())
                .setWastedCostMilli(tally.getWastedCostMilli())
                .setCostByComponentMilli(new TreeMap<>(tally.getCostByComponentMilli()))
                .setFlaggedWasteMilli(tally.getFlaggedWasteMilli())
                .setDeploymentsAdvisedSkip(tally.getDeploymentsAdvisedSkip())
                .setMeanPushIntervalMillis(pushes ? tally.getPushIntervalSum() / tally.getPushIntervalCount() : null)
                .setMaxPushIntervalMillis(pushes ? tally.getPushIntervalMax() : null)
                .build();
    }
}
