package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
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
 * the posterior chance of a blessing is below its parameter. Failures and InfraValidator refusals stay unforeseen, as
 * they are random per run. Closed loop only (a fixed trace has no hidden state); like perfect foresight, a bound on
 * what the events could tell, not a policy.
 */
public final class InformationBound extends NamedPolicy {

    public static final String FAMILY = "information-bound";

    private final double below;
    private final GroundTruth truth;
    private final Map<String, List<Double>> curves = new HashMap<>();

    public InformationBound(double below, GroundTruth truth) {
        super(String.format(java.util.Locale.ROOT, "%s-%.3f", FAMILY, below), FAMILY, below);
        this.below = below;
        this.truth = truth;
    }

    @Override
    public boolean oracle() {
        return true;
    }

    @Override
    public void observe(ExecutionEvent event) {
        if (Baselines.isLast(event)) {
            curves.remove(event.getRunId());
            return;
        }
        Double auc = event.getMetrics().get("auc");
        if (auc != null && "Trainer".equals(event.getComponentType()) && event.getState() == ExecutionState.RUNNING) {
            curves.computeIfAbsent(event.getRunId(), k -> new ArrayList<>()).add(auc);
        }
    }

    @Override
    public boolean skip(DecisionPoint point, ExecutionEvent event) {
        Optional<PlannedRun> plan = truth.plan(event.getRunId());
        if (plan.isEmpty()) {
            return false;
        }
        double chance = plan.get().cached() ? 0 : plan.get().latent().blessChance(curves.getOrDefault(event.getRunId(), List.of()));
        return chance < below;
    }
}
