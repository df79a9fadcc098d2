package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.sim.FleetMetric;
import dev.graphlet.advisor.sim.PlannedRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The most a policy could avoid when it knows everything about a run but its own noise: it reads the simulator's
 * hidden state (the deployed model's aged quality and the margin to beat, drift and breakage, the pipeline's skill
 * and code shift, the curve's ramp) and the Trainer's curve as it is reported, and SKIPs at any decision point where
 * the posterior chance of a blessing is below its parameter, its odds first divided by how dear the run is against
 * the typical run (to the power of a cost weight: waste is counted in compute, lost deployments one by one, so at equal
 * chance a dear run's SKIP is worth more). Failures and InfraValidator refusals stay unforeseen, as they are random
 * per run. Closed loop only (a fixed trace has no hidden state); like perfect foresight, a bound on
 * what the events could tell, not a policy. Held to the advisor's guards, it bounds what any policy could avoid where
 * the advisor may SKIP at all.
 */
public final class InformationBound extends NamedPolicy {

    public static final String FAMILY = "information-bound";
    /** The bound held to the advisor's own guards: what any policy could avoid where the advisor may SKIP at all. */
    public static final String GUARDED_FAMILY = "information-bound-guarded";

    private final double below;
    private final GroundTruth truth;
    private final Map<String, List<Double>> curves = new HashMap<>();
    /** With the advisor's guards: those guards, on each pipeline's pushes as this bound's world sees them. */
    private final AdvisorGuards guards;
    private final FleetMetric metric;
    private final double costWeight;
    /** Mean natural log of the cost of the runs asked about so far (each once, while it runs): the typical run. */
    private double typicalLogCost;
    private long costsSeen;
    private final java.util.Set<String> costed = new java.util.HashSet<>();

    public InformationBound(double below, GroundTruth truth) {
        this(below, truth, null, FleetMetric.AUC, 0);
    }

    public InformationBound(double below, GroundTruth truth, ScoringSettings guards) {
        this(below, truth, guards, FleetMetric.AUC, 0);
    }

    /**
     * @param guards the advisor's settings whose guards hold (no SKIP at RUN_START unless allowed there, none before a
     *               pipeline has a deployed model or a known cadence, none while it is overdue for a push), or null for
     *               none
     * @param metric what the fleet's Trainers report (the bound reads the quality behind it)
     * @param costWeight how far the run's cost against the typical run's divides the odds of its blessing (0: not at
     *                   all; 1: in full, which ranks runs by the waste a SKIP avoids per deployment it may lose)
     */
    public InformationBound(double below, GroundTruth truth, ScoringSettings guards, FleetMetric metric, double costWeight) {
        super(String.format(java.util.Locale.ROOT, "%s-%.3f", guards == null ? FAMILY : GUARDED_FAMILY, below),
                guards == null ? FAMILY : GUARDED_FAMILY, below);
        this.below = below;
        this.truth = truth;
        this.guards = guards == null ? null : new AdvisorGuards(guards);
        this.metric = metric;
        this.costWeight = costWeight;
    }

    @Override
    public boolean oracle() {
        return true;
    }

    @Override
    public void observe(ExecutionEvent event) {
        if (Baselines.isLast(event)) {
            curves.remove(event.getRunId());
            costed.remove(event.getRunId()); // no decision point follows a run's end: only runs in flight are kept
            if (guards != null) {
                guards.observeLast(event);
            }
            return;
        }
        Double value = event.getMetrics().get(metric.key());
        if (value != null && "Trainer".equals(event.getComponentType()) && event.getState() == ExecutionState.RUNNING) {
            curves.computeIfAbsent(event.getRunId(), k -> new ArrayList<>()).add(metric.quality(value));
        }
    }

    @Override
    public boolean skip(DecisionPoint point, ExecutionEvent event) {
        Optional<PlannedRun> plan = truth.plan(event.getRunId());
        if (plan.isEmpty()
                || guards != null && guards.hold(point, event)) {
            return false;
        }
        double chance = plan.get().cached() ? 0 : plan.get().latent().blessChance(curves.getOrDefault(event.getRunId(), List.of()));
        double logDearness = logDearness(plan.get());
        if (chance <= 0 || chance >= 1 || logDearness == 0) {
            return chance < below;
        }
        return Math.log(chance / (1 - chance)) - costWeight * logDearness < Math.log(below / (1 - below));
    }

    /** Natural log of the run's cost over the typical run's so far (0 for the first run, or with no cost known). */
    private double logDearness(PlannedRun plan) {
        if (plan.costMilli() <= 0) {
            return 0;
        }
        double logCost = Math.log(plan.costMilli());
        if (costed.add(plan.runId())) {
            costsSeen++;
            typicalLogCost += (logCost - typicalLogCost) / costsSeen;
        }
        return costsSeen < 2 ? 0 : logCost - typicalLogCost;
    }
}
