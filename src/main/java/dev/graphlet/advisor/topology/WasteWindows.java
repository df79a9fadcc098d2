package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.contract.AdvisoryTrace;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.state.WasteTally;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * Event-time waste windows over the outcome stream (one record per final graphlet, timestamped when it became
 * final), per pipeline and fleet-wide. A window is emitted once, when it closes (window end plus grace), never as
 * cache-dependent updates; its sums are integers, so the emitted records do not depend on arrival order.
 */
final class WasteWindows {

    private static final StoreSerde<WasteTally> TALLY = new StoreSerde<>(WasteTally.class, 1);

    private WasteWindows() {
    }

    static void build(KStream<String, GraphletOutcome> outcomes, AdvisorSettings settings, AdvisorTopics topics) {
        TimeWindows windows = TimeWindows.ofSizeAndGrace(settings.metricsWindow(), settings.metricsGrace());
        KStream<String, GraphletOutcome> counted = outcomes.filter((key, outcome) -> outcome.getReason() != OutcomeReason.OPEN,
                Named.as("outcomes-not-open"));
        Grouped<String, GraphletOutcome> grouping = Grouped.with(Serdes.String(), topics.outcomes().valueSerde());
        window(counted.groupByKey(grouping.withName("by-pipeline")), windows, "pipeline", Optional.empty(), topics);
        window(counted.groupBy((key, outcome) -> settings.fleetScope(), grouping.withName("fleet")), windows, "fleet",
                Optional.of(settings.fleetScope()), topics);
    }

    private static void window(KGroupedStream<String, GraphletOutcome> grouped, TimeWindows windows, String name,
                               Optional<String> scope, AdvisorTopics topics) {
        grouped.windowedBy(windows)
                .emitStrategy(EmitStrategy.onWindowClose())
                .aggregate(() -> WasteTally.newBuilder().build(), (key, outcome, tally) -> add(tally, outcome),
                        Named.as("waste-" + name),
                        Materialized.<String, WasteTally, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as("waste-" + name)
                                .withKeySerde(Serdes.String()).withValueSerde(TALLY))
                .toStream(Named.as("waste-" + name + "-closed"))
                .map((Windowed<String> window, WasteTally tally) -> KeyValue.pair(window.key(),
                        metrics(window, scope.orElse(window.key()), tally)), Named.as("waste-" + name + "-metrics"))
                .to(topics.wasteMetrics().name(), topics.wasteMetrics().produced());
    }

    static WasteTally add(WasteTally tally, GraphletOutcome outcome) {
        long cost = outcome.getTotalCostMilli();
        tally.setGraphlets(tally.getGraphlets() + 1);
        tally.setTotalCostMilli(tally.getTotalCostMilli() + cost);
        Map<String, Long> byComponent = new HashMap<>(tally.getCostByComponentMilli());
        outcome.getCostByComponentMilli().forEach((component, c) -> byComponent.merge(component, c, Long::sum));
        tally.setCostByComponentMilli(byComponent);
        Optional<AdvisoryTrace> firstSkip = outcome.getAdvisories().stream()
                .filter(a -> a.getDecision() == Decision.SKIP).findFirst();
        if (outcome.getDeployed()) {
            tally.setDeployed(tally.getDeployed() + 1);
            if (firstSkip.isPresent()) {
                tally.setDeploymentsAdvisedSkip(tally.getDeploymentsAdvisedSkip() + 1);
            }
        } else {
            tally.setWastedCostMilli(tally.getWastedCostMilli() + cost);
            firstSkip.ifPresent(skip -> tally.setFlaggedWasteMilli(tally.getFlaggedWasteMilli()
                    + Math.max(0, cost - skip.getCostBeforeMilli())));
        }
        Long interval = outcome.getPushIntervalMillis();
        if (interval != null) {
            tally.setPushIntervalSum(tally.getPushIntervalSum() + interval);
            tally.setPushIntervalCount(tally.getPushIntervalCount() + 1);
            tally.setPushIntervalMax(Math.max(tally.getPushIntervalMax(), interval));
        }
        return tally;
    }

    static WasteMetrics metrics(Windowed<String> window, String scope, WasteTally tally) {
        boolean pushes = tally.getPushIntervalCount() > 0;
        return WasteMetrics.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(window.window().start()))
                .setWindowEnd(Instant.ofEpochMilli(window.window().end()))
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
