package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.scoring.Metric;
import dev.graphlet.advisor.sim.FleetMetric;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.PlannedRun;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * One policy and the simulated fleet in one loop, without a broker: every event goes to the policy, and a SKIP at a
 * decision point cancels the run at once, so the pipeline keeps its older model and later runs feel it. What the
 * fleet spent and deployed is measured as it happens (costs from the events, pushes from the Pusher's output).
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /**
     * What one policy's world spent and deployed.
     *
     * @param servingQuality        over the runs started after their pipeline's first push, the mean quality of the
     *                              model served at each start, aged as its data is; NaN where the hidden state is not
     *                              known
     * @param regressingDeployments deployments whose model was worse than the one served when their run started (an
     *                              Evaluator whose margin is negative blesses such models); 0 where the hidden state is
     *                              not known
     */
    public record World(String policy, String family, double parameter, long totalCostMilli, long wastedCostMilli,
                        long runs, long skips, long skippedWouldDeploy, long savedOnWouldDeployMilli,
                        Map<String, List<Long>> pushTimes, double servingQuality, long regressingDeployments) {

        public long deployments() {
            return pushTimes.values().stream().mapToLong(List::size).sum();
        }
    }

    /** A run's ledger beside the simulator's plan for it (the ground truth the accounting needs). */
    private static final class PlannedLedger extends RunLedger {
        final PlannedRun plan;

        PlannedLedger(PlannedRun plan) {
            this.plan = plan;
        }
    }

    /** What the advisor and the median stopping rule judge the simulated fleet's runs by: the metric it reports. */
    public static Metric metric(SimulationSettings settings) {
        FleetMetric fleet = settings.metric();
        return new Metric(fleet.key(), fleet.higherIsBetter(), fleet.unit());
    }

    /**
     * Runs the fleet under the policy built by {@code policyFactory}, which receives ground truth (whether a run would
     * deploy if it ran, and its plan with the hidden state) for the bounds only.
     *
     * @param progress receives the event time of the simulation as it advances (every simulated hour)
     */
    public static World run(SimulationSettings settings, Function<GroundTruth, SkipPolicy> policyFactory,
                            LongConsumer progress) {
        Map<String, PlannedLedger> ledgers = new HashMap<>();
        DoubleSummaryStatistics serving = new DoubleSummaryStatistics();
        FleetSimulator fleet = new FleetSimulator(settings, plan -> {
            ledgers.put(plan.runId(), new PlannedLedger(plan));
            if (!Double.isNaN(plan.serving())) {
                serving.accept(plan.serving());
            }
        });
        SkipPolicy policy = policyFactory.apply(new GroundTruth() {
            @Override
            public boolean test(String runId) {
                PlannedLedger ledger = ledgers.get(runId);
                return ledger != null && !ledger.plan.deploys();
            }

            @Override
            public Optional<PlannedRun> plan(String runId) {
                return Optional.ofNullable(ledgers.get(runId)).map(ledger -> ledger.plan);
            }
        });
        Map<String, List<Long>> pushTimes = new HashMap<>();
        long total = 0;
        long wasted = 0;
        long runs = 0;
        long skips = 0;
        long skippedWouldDeploy = 0;
        long savedOnWouldDeploy = 0;
        long regressing = 0;
        long lastHour = -1;
        while (fleet.hasNext()) {
            ExecutionEvent event = fleet.next();
            long time = event.getEventTime().toEpochMilli();
            long hour = time / 3_600_000L;
            if (hour != lastHour) {
                lastHour = hour;
                progress.accept(time);
            }
            PlannedLedger ledger = ledgers.get(event.getRunId());
            if (ledger == null) { // cannot happen with sequential executions: a run has at most one open at a cancel
                continue;
            }
            boolean pushes = ledger.record(event);
            policy.observe(event);
            if (pushes) {
                pushTimes.computeIfAbsent(event.getPipelineId(), k -> new ArrayList<>()).add(time);
                if (ledger.plan.quality() < ledger.plan.serving()) { // false for a first model (NaN)
                    regressing++;
                }
            }
            if (Baselines.isLast(event)) { // the ledger goes: later events of the run (none are expected) are ignored
                runs++;
                long spent = ledger.spent();
                total += spent;
                if (!ledger.pushed) {
                    wasted += spent;
                }
                ledgers.remove(event.getRunId());
                continue;
            }
            DecisionPoint point = DecisionPoints.of(event, ledger.reached);
            if (point != null && policy.skip(point, event)) {
                skips++;
                if (ledger.plan.deploys()) {
                    skippedWouldDeploy++;
                    savedOnWouldDeploy += Math.max(0, ledger.plan.costMilli() - ledger.spent());
                }
                fleet.cancel(event.getRunId(), time + 1);
            }
        }
        return new World(policy.name(), policy.family(), policy.parameter(), total, wasted, runs, skips,
                skippedWouldDeploy, savedOnWouldDeploy, pushTimes, serving.getCount() == 0 ? Double.NaN : serving.getAverage(),
                regressing);
    }
}
