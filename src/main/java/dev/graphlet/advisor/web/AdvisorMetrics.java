package dev.graphlet.advisor.web;

import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.graphlet.RejectionReason;
import dev.graphlet.advisor.scoring.Verdict;
import dev.graphlet.advisor.topology.AdvisorCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The advisor's own counters as Prometheus metrics, registered as they first appear (they are named after what
 * they count: a dead-letter reason, an outcome label, a decision and mode). Call {@link #refresh()} before a
 * scrape.
 */
public final class AdvisorMetrics {

    private final AdvisorCounters counters;
    private final MeterRegistry registry;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public AdvisorMetrics(AdvisorCounters counters, MeterRegistry registry, FleetView view) {
        this.counters = counters;
        this.registry = registry;
        if (view != null) {
            FunctionCounter.builder("advisor.cost.wasted", view, v -> v.wastedCostMilli() / 1000.0)
                    .description("Compute spent on graphlets that were not deployed (cost units)").register(registry);
            FunctionCounter.builder("advisor.cost.avoided", view, v -> v.avoidedCostMilli() / 1000.0)
                    .description("Compute a followed SKIP was expected to save on graphlets it cancelled (cost units)").register(registry);
            FunctionCounter.builder("advisor.deployments.advised.skip", view, FleetView::deploymentsAdvisedSkip)
                    .description("Deployments whose graphlet had been advised SKIP (misses)").register(registry);
        }
        // Series that alerts watch exist from the start, at 0, rather than appearing with their first increment.
        java.util.List<String> always = new java.util.ArrayList<>(java.util.List.of("events", "duplicates"));
        for (RejectionReason reason : RejectionReason.values()) {
            always.add("dead-letters." + reason.name());
        }
        for (OutcomeReason reason : OutcomeReason.values()) {
            always.add("outcomes." + reason.name());
        }
        for (String advice : new String[] {"SKIP.ACTIVE", "SKIP.SHADOW", "CONTINUE.ACTIVE", "CONTINUE.SHADOW"}) {
            always.add("advisories." + advice);
        }
        for (String guard : Verdict.GUARDS) {
            always.add("guards." + guard);
            always.add("withheld." + guard);
        }
        always.stream().filter(registered::add).forEach(this::register);
        refresh();
    }

    public void refresh() {
        for (String name : counters.snapshot().keySet()) {
            if (registered.add(name)) {
                register(name);
            }
        }
    }

    private void register(String name) {
        String[] parts = name.split("\\.");
        String metric;
        Tags tags = Tags.empty();
        switch (parts[0]) {
            case "events" -> metric = "advisor.events.processed";
            case "duplicates" -> metric = "advisor.events.duplicates";
            case "dead-letters" -> {
                metric = "advisor.dead.letters";
                tags = Tags.of("reason", rest(parts));
            }
            case "outcomes" -> {
                metric = "advisor.graphlets.final";
                tags = Tags.of("reason", rest(parts));
            }
            case "decision-points" -> {
                metric = "advisor.decision.points";
                tags = Tags.of("point", rest(parts));
            }
            case "advisories" -> {
                if (parts.length == 3) {
                    metric = "advisor.advisories";
                    tags = Tags.of("decision", parts[1], "mode", parts[2]);
                } else {
                    metric = "advisor.advisories." + rest(parts);
                }
            }
            case "guards" -> {
                metric = "advisor.guards";
                tags = Tags.of("guard", rest(parts));
            }
            case "withheld" -> {
                metric = "advisor.skips.withheld";
                tags = Tags.of("guard", rest(parts));
            }
            case "learned" -> {
                metric = "advisor.model.learned";
                tags = Tags.of("reason", rest(parts));
            }
            case "feedback" -> {
                metric = "advisor.feedback";
                tags = Tags.of("action", rest(parts));
            }
            case "cap-hits" -> {
                metric = "advisor.cap.hits";
                tags = Tags.of("cap", rest(parts));
            }
            default -> metric = "advisor." + name;
        }
        FunctionCounter.builder(metric.replace('-', '.'), counters, c -> c.get(name)).tags(tags).register(registry);
    }

    private static String rest(String[] parts) {
        return String.join(".", java.util.Arrays.copyOfRange(parts, 1, parts.length));
    }
}
