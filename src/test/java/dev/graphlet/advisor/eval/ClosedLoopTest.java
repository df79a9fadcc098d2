package dev.graphlet.advisor.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.scoring.Metric;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.sim.FleetMetric;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.PlannedRun;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    private static final SimulationSettings FLEET = new SimulationSettings(30, 20, 5L, 1.0, 0.85, SimulationSettings.DEFAULT_START);
    private static final long SPAN = FLEET.endMillis() - FLEET.startMillis();

    /** A policy of a test: its name is its family, it has no parameter, and it observes nothing unless told to. */
    private abstract static class TestPolicy implements SkipPolicy {
        private final String name;

        TestPolicy(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String family() {
            return name;
        }

        @Override
        public double parameter() {
            return Double.NaN;
        }

        @Override
        public void observe(ExecutionEvent event) {
        }
    }

    /** Skips every run at one decision point. */
    private static SkipPolicy skipAllAt(DecisionPoint at) {
        return new TestPolicy("skip-all-at-" + at) {
            @Override
            public boolean skip(DecisionPoint point, ExecutionEvent event) {
                return point == at;
            }
        };
    }

    /** Every run the fleet plans when nothing is skipped: the ground truth. */
    private static List<PlannedRun> plans() {
        List<PlannedRun> plans = new ArrayList<>();
        FleetSimulator fleet = new FleetSimulator(FLEET, plans::add);
        while (fleet.hasNext()) {
            fleet.next();
        }
        return plans;
    }

    private static ClosedLoop.World world(SkipPolicy policy) {
        return ClosedLoop.run(FLEET, truth -> policy, time -> { });
    }

    @Test
    void theSameFleetAndPolicyGiveTheSameWorld() {
        assertThat(world(new Baselines.MedianStopping(0.02))).isEqualTo(world(new Baselines.MedianStopping(0.02)));
    }

    @Test
    void aFleetReportingALossIsJudgedAsTheSameFleetReportingAuc() {
        SimulationSettings lossFleet = FLEET.withMetric(FleetMetric.LOSS);
        Metric loss = ClosedLoop.metric(lossFleet);
        assertThat(loss).isEqualTo(new Metric("loss", false, 0.03));
        assertThat(ClosedLoop.metric(FLEET)).isEqualTo(Metric.AUC);
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        assertThat(ClosedLoop.run(lossFleet, truth -> new Baselines.NeverSkip(), time -> { })).isEqualTo(never);

        ClosedLoop.World median = world(new Baselines.MedianStopping(0.02));
        ClosedLoop.World lossMedian = ClosedLoop.run(lossFleet, truth -> new Baselines.MedianStopping(0.02, loss), time -> { });
        assertThat(median.skips()).isPositive();
        assertThat(Comparison.row(never, lossMedian, SPAN)).isEqualTo(Comparison.row(never, median, SPAN));
        // Read as AUC, the loss is never there: the rule needs to know the metric.
        assertThat(ClosedLoop.run(lossFleet, truth -> new Baselines.MedianStopping(0.02), time -> { }).skips()).isZero();

        ClosedLoop.World bound = ClosedLoop.run(FLEET, truth -> new InformationBound(0.05, truth), time -> { });
        ClosedLoop.World lossBound = ClosedLoop.run(lossFleet, truth -> new InformationBound(0.05, truth, null, FleetMetric.LOSS, 0), time -> { });
        assertThat(bound.skips()).isPositive();
        assertThat(lossBound.skips()).isCloseTo(bound.skips(), org.assertj.core.data.Percentage.withPercentage(1));

        ScoringSettings eager = ScoringSettings.DEFAULTS.withMaxMissed(0.05);
        ClosedLoop.World advisor = world(new AdvisorPolicy(eager, OnlineModel.fresh()));
        ClosedLoop.World lossAdvisor = ClosedLoop.run(lossFleet, truth -> new AdvisorPolicy(eager.withMetric(loss), OnlineModel.fresh()), time -> { });
        assertThat(advisor.skips()).isPositive();
        assertThat(lossAdvisor.skips()).isEqualTo(advisor.skips());
    }

    @Test
    void neverSkippingSpendsWhatTheSimulatorPlannedAndWastesWhatDidNotDeploy() {
        List<PlannedRun> plans = plans();
        ClosedLoop.World never = world(new Baselines.NeverSkip());

        assertThat(never.runs()).isEqualTo(plans.size());
        assertThat(never.totalCostMilli()).isEqualTo(plans.stream().mapToLong(PlannedRun::costMilli).sum());
        assertThat(never.wastedCostMilli()).isEqualTo(plans.stream().filter(p -> !p.deploys()).mapToLong(PlannedRun::costMilli).sum());
        assertThat(never.deployments()).isEqualTo(plans.stream().filter(PlannedRun::deploys).count());
        Comparison.Row self = Comparison.row(never, never, SPAN);
        assertThat(self.wasteAvoided()).isZero();
        assertThat(self.deploymentsLost()).isZero();
        assertThat(self.cadenceRatioMedian()).isEqualTo(1.0);
    }

    @Test
    void perfectForesightAvoidsAllWasteAndLosesNoDeployment() {
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        ClosedLoop.World bound = ClosedLoop.run(FLEET, Baselines.PerfectForesight::new, time -> { });
        Comparison.Row row = Comparison.row(never, bound, SPAN);

        assertThat(row.wasteAvoided()).isEqualTo(1.0);
        assertThat(row.deploymentsLost()).isZero();
        assertThat(row.skippedWouldDeploy()).isZero();
        assertThat(bound.skips()).isPositive();
    }

    @Test
    void heldToTheAdvisorsGuardsPerfectForesightIsTheCeilingOfEveryGuardedPolicy() {
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        List<DecisionPoint> skippedAt = new ArrayList<>();
        ClosedLoop.World guardedWorld = ClosedLoop.run(FLEET, truth -> {
            SkipPolicy bound = new Baselines.PerfectForesight(truth, ScoringSettings.DEFAULTS);
            return new TestPolicy(bound.name()) {
                @Override
                public void observe(ExecutionEvent event) {
                    bound.observe(event);
                }

                @Override
                public boolean skip(DecisionPoint point, ExecutionEvent event) {
                    boolean skip = bound.skip(point, event);
                    if (skip) {
                        skippedAt.add(point);
                    }
                    return skip;
                }
            };
        }, time -> { });
        Comparison.Row guarded = Comparison.row(never, guardedWorld, SPAN);

        assertThat(guardedWorld.policy()).isEqualTo(Baselines.PerfectForesight.GUARDED);
        assertThat(guarded.deploymentsLost()).isZero();
        assertThat(guarded.skippedWouldDeploy()).isZero();
        assertThat(guarded.wasteAvoided()).isGreaterThan(0.2).isLessThan(0.9);
        assertThat(skippedAt).isNotEmpty().doesNotContain(DecisionPoint.RUN_START);
        // Each guard taken away lets it avoid more: RUN_START, then the cadence guard; with neither, only the runs before
        // a pipeline's first push stay (its first model is rubber-stamped, so only failures waste there).
        Comparison.Row atRunStart = row(never, ScoringSettings.DEFAULTS.withSkipAtRunStart(true));
        Comparison.Row noCadence = row(never, ScoringSettings.DEFAULTS.withOverdueFactor(ScoringSettings.CADENCE_GUARD_OFF));
        Comparison.Row neither = row(never, ScoringSettings.DEFAULTS.withSkipAtRunStart(true)
                .withOverdueFactor(ScoringSettings.CADENCE_GUARD_OFF));
        assertThat(atRunStart.wasteAvoided()).isGreaterThan(guarded.wasteAvoided());
        assertThat(noCadence.wasteAvoided()).isGreaterThan(guarded.wasteAvoided());
        assertThat(neither.wasteAvoided()).isGreaterThan(Math.max(atRunStart.wasteAvoided(), noCadence.wasteAvoided()))
                .isGreaterThan(0.95).isLessThanOrEqualTo(1.0);
        assertThat(neither.deploymentsLost()).isZero();
        // A pipeline always overdue may never be skipped.
        assertThat(ClosedLoop.run(FLEET, truth -> new Baselines.PerfectForesight(truth,
                ScoringSettings.DEFAULTS.withOverdueFactor(1e-9)), time -> { }).skips()).isZero();
    }

    private static Comparison.Row row(ClosedLoop.World never, ScoringSettings guards) {
        return Comparison.row(never, ClosedLoop.run(FLEET, truth -> new Baselines.PerfectForesight(truth, guards), time -> { }), SPAN);
    }

    @Test
    void theInformationBoundReadsTheHiddenStateAndBeatsEveryRealPolicyAtLowLoss() {
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        Comparison.Row bound = Comparison.row(never, ClosedLoop.run(FLEET, truth -> new InformationBound(0.02, truth), time -> { }), SPAN);
        Comparison.Row median = Comparison.row(never, world(new Baselines.MedianStopping(0.06)), SPAN);

        assertThat(bound.deploymentsLost()).isLessThan(0.01);
        assertThat(bound.wasteAvoided()).isGreaterThan(0.25).isGreaterThan(median.wasteAvoided());
        // Without the simulator's plans (a recorded trace) it knows nothing, and skips nothing.
        ClosedLoop.World blind = ClosedLoop.run(FLEET, truth -> new InformationBound(0.02, runId -> truth.test(runId)), time -> { });
        assertThat(blind.skips()).isZero();
    }

    @Test
    void weighingTheRunsCostTheBoundAvoidsMoreWastePerDeploymentLost() {
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        Comparison.Row blind = Comparison.row(never, ClosedLoop.run(FLEET,
                truth -> new InformationBound(0.05, truth, null, FleetMetric.AUC, 0), time -> { }), SPAN);
        Comparison.Row weighing = Comparison.row(never, ClosedLoop.run(FLEET,
                truth -> new InformationBound(0.05, truth, null, FleetMetric.AUC, 1), time -> { }), SPAN);

        assertThat(weighing).isNotEqualTo(blind);
        assertThat(blind.deploymentsLost()).isPositive();
        assertThat(weighing.wasteAvoided() / weighing.deploymentsLost())
                .isGreaterThan(blind.wasteAvoided() / blind.deploymentsLost());
    }

    @Test
    void heldToTheAdvisorsGuardsTheBoundSkipsOnlyWhereTheAdvisorMay() {
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        Comparison.Row free = Comparison.row(never, ClosedLoop.run(FLEET, truth -> new InformationBound(0.05, truth), time -> { }), SPAN);
        Map<String, Integer> pushes = new HashMap<>();
        List<String> wrongSkips = new ArrayList<>();
        ClosedLoop.World guardedWorld = ClosedLoop.run(FLEET, truth -> new SkipPolicy() {
            final InformationBound bound = new InformationBound(0.05, truth, ScoringSettings.DEFAULTS);

            @Override
            public String name() {
                return bound.name();
            }

            @Override
            public String family() {
                return bound.family();
            }

            @Override
            public double parameter() {
                return bound.parameter();
            }

            @Override
            public void observe(ExecutionEvent event) {
                bound.observe(event);
                if (Baselines.isLast(event) && GraphletStates.pushes(event)) {
                    pushes.merge(event.getPipelineId(), 1, Integer::sum);
                }
            }

            @Override
            public boolean skip(DecisionPoint point, ExecutionEvent event) {
                boolean skip = bound.skip(point, event);
                // No SKIP at RUN_START, nor before the pipeline's cadence is known (two pushes seen).
                if (skip && (point == DecisionPoint.RUN_START || pushes.getOrDefault(event.getPipelineId(), 0) < 2)) {
                    wrongSkips.add(point + " " + event.getRunId());
                }
                return skip;
            }
        }, time -> { });
        Comparison.Row guarded = Comparison.row(never, guardedWorld, SPAN);

        assertThat(wrongSkips).isEmpty();
        assertThat(guardedWorld.skips()).isPositive();
        assertThat(guarded.wasteAvoided()).isPositive().isLessThan(free.wasteAvoided());
        assertThat(new InformationBound(0.05, run -> false, ScoringSettings.DEFAULTS).name()).isEqualTo("information-bound-guarded-0.050");
        // A pipeline is always overdue when one usual interval is too long to wait: then nothing may be skipped.
        ClosedLoop.World alwaysOverdue = ClosedLoop.run(FLEET,
                truth -> new InformationBound(0.05, truth, ScoringSettings.DEFAULTS.withOverdueFactor(1e-9)), time -> { });
        assertThat(alwaysOverdue.skips()).isZero();
    }

    @Test
    void aSkipSavesOnlyWhatTheRunWouldHaveSpentAfterIt() {
        ClosedLoop.World preTrain = world(skipAllAt(DecisionPoint.PRE_TRAIN));
        // What every run spends before its Trainer starts, from the plans of this very world (nothing deploys, so no
        // plan depends on a deployment).
        List<PlannedRun> plans = new ArrayList<>();
        FleetSimulator fleet = new FleetSimulator(FLEET, plans::add);
        Map<String, Boolean> trainerSeen = new HashMap<>();
        while (fleet.hasNext()) {
            ExecutionEvent e = fleet.next();
            if (e.getComponentType().equals("Trainer") && trainerSeen.putIfAbsent(e.getRunId(), true) == null) {
                fleet.cancel(e.getRunId(), e.getEventTime().toEpochMilli() + 1);
            }
        }
        long beforeTrainer = 0;
        for (PlannedRun plan : plans) {
            for (ExecutionEvent e : plan.events()) {
                if (e.getComponentType().equals("Trainer")) {
                    break;
                }
                if (e.getState() != ExecutionState.RUNNING) {
                    beforeTrainer += Math.round(e.getCost() * 1000);
                }
            }
        }
        assertThat(preTrain.deployments()).isZero();
        assertThat(preTrain.totalCostMilli()).isEqualTo(beforeTrainer);
        assertThat(preTrain.wastedCostMilli()).isEqualTo(preTrain.totalCostMilli());
        assertThat(preTrain.skippedWouldDeploy()).isPositive();
        assertThat(preTrain.savedOnWouldDeployMilli()).isPositive();
    }

    @Test
    void skippingAtRunStartSpendsNothingAndAPipelineWithoutPushesWaitsTheWholePeriod() {
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        ClosedLoop.World start = world(skipAllAt(DecisionPoint.RUN_START));
        Comparison.Row row = Comparison.row(never, start, SPAN);

        assertThat(start.totalCostMilli()).isZero();
        assertThat(row.wasteAvoided()).isEqualTo(1.0);
        assertThat(row.deploymentsLost()).isEqualTo(1.0);
        assertThat(row.pipelinesLosingOver5Percent()).isEqualTo(1.0);
        assertThat(row.cadenceRatioMedian()).isGreaterThan(1.0);
    }

    @Test
    void deploymentsLostSplitIntoSkippedOutrightAndKnockOnAndIntoImprovementsAndRegressionsAndTheServedModelIsMeasured() {
        List<PlannedRun> plans = plans();
        ClosedLoop.World never = world(new Baselines.NeverSkip());
        double served = plans.stream().mapToDouble(PlannedRun::serving).filter(q -> !Double.isNaN(q)).average().orElseThrow();
        assertThat(never.servingQuality()).isCloseTo(served, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(plans.get(0).serving()).isNaN(); // before the pipeline's first push
        // A deployment regresses when its model is worse than the one served as its run started: the simulator's own
        // count, and neither none nor all of them.
        long regressing = plans.stream().filter(p -> p.deploys() && p.quality() < p.serving()).count();
        assertThat(never.regressingDeployments()).isEqualTo(regressing).isPositive().isLessThan(never.deployments());

        // Skipping every run before training once its pipeline has pushed leaves each pipeline on its first model, aging:
        // most deployments are lost, the split adds up, and the model served is worse.
        ClosedLoop.World frozen = ClosedLoop.run(FLEET, truth -> new TestPolicy("first-model-only") {
            private final java.util.Set<String> pushed = new java.util.HashSet<>();

            @Override
            public void observe(ExecutionEvent event) {
                if (GraphletStates.pushes(event)) {
                    pushed.add(event.getPipelineId());
                }
            }

            @Override
            public boolean skip(DecisionPoint point, ExecutionEvent event) {
                return point == DecisionPoint.PRE_TRAIN && pushed.contains(event.getPipelineId());
            }
        }, time -> { });
        Comparison.Row row = Comparison.row(never, frozen, SPAN);
        assertThat(row.deploymentsLost()).isGreaterThan(0.5);
        assertThat(row.knockOnLost()).isCloseTo(row.deploymentsLost() - (double) row.skippedWouldDeploy() / never.deployments(),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(row.servingQualityChange()).isNegative();
        assertThat(frozen.regressingDeployments()).isLessThan(never.regressingDeployments());
        assertThat(row.regressionsLost()).isCloseTo(
                (double) (never.regressingDeployments() - frozen.regressingDeployments()) / never.deployments(),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(row.improvementsLost()).isPositive()
                .isCloseTo(row.deploymentsLost() - row.regressionsLost(), org.assertj.core.data.Offset.offset(1e-12));
        Comparison.Row same = Comparison.row(never, never, SPAN);
        assertThat(same.servingQualityChange()).isZero();
        assertThat(same.regressionsLost()).isZero();
        assertThat(new Comparison(never, List.of(never, frozen), SPAN).markdown())
                .contains("| first-model-only |").contains("knock-on").contains("regressions lost");
    }

    // ---- the baselines learn only from what they are shown ----------------------------------------------------------

    private static ExecutionEvent event(String run, String component, ExecutionState state, List<ArtifactRef> outputs,
                                        Map<String, String> properties) {
        return ExecutionEvent.newBuilder().setEventId(run + component + state).setEventTime(Instant.EPOCH).setPipelineId("p")
                .setRunId(run).setExecutionId(run + component).setComponentId(component).setComponentType(component)
                .setState(state).setInputs(new ArrayList<>()).setOutputs(new ArrayList<>(outputs))
                .setProperties(new HashMap<>(properties)).setCost(1.0).setMetrics(new HashMap<>()).build();
    }

    private static ArtifactRef pushed(String value) {
        return ArtifactRef.newBuilder().setArtifactId("a" + value).setType("PushedModel").setRole("pushed_model")
                .setProperties(new HashMap<>(Map.of("pushed", value))).build();
    }

    @Test
    void thePushRateRuleLearnsNothingFromCancelledRuns() {
        Baselines.PushRate rule = new Baselines.PushRate(0.5);
        rule.observe(event("r0", "Pusher", ExecutionState.COMPLETE, List.of(pushed("1")), Map.of()));
        for (int i = 1; i <= 5; i++) {
            rule.observe(event("r" + i, "Trainer", ExecutionState.CANCELED, List.of(), Map.of()));
        }
        ExecutionEvent start = event("r9", "ExampleGen", ExecutionState.RUNNING, List.of(), Map.of());
        assertThat(rule.skip(DecisionPoint.RUN_START, start)).isFalse(); // (1+1)/(1+2) = 0.67

        for (int i = 1; i <= 3; i++) {
            rule.observe(event("n" + i, "Pusher", ExecutionState.COMPLETE, List.of(pushed("0")), Map.of()));
        }
        assertThat(rule.skip(DecisionPoint.RUN_START, start)).isTrue(); // (1+1)/(4+2) = 0.33
        assertThat(rule.skip(DecisionPoint.PRE_TRAIN, start)).isFalse();
    }

    @Test
    void theTfxCacheRuleSkipsOnlyAnExactRepeatOfInputsCodeAndParameters() {
        Baselines.TfxCache rule = new Baselines.TfxCache();
        ArtifactRef examples = ArtifactRef.newBuilder().setArtifactId("x").setType("Examples").setRole("examples")
                .setFingerprint("span-7").setProperties(new HashMap<>()).build();
        for (String run : List.of("r1", "r2", "r3")) {
            rule.observe(event(run, "ExampleGen", ExecutionState.COMPLETE, List.of(examples), Map.of()));
        }
        ExecutionEvent r1 = event("r1", "Trainer", ExecutionState.RUNNING, List.of(), Map.of("module_fingerprint", "c1"));
        ExecutionEvent r2 = event("r2", "Trainer", ExecutionState.RUNNING, List.of(), Map.of("module_fingerprint", "c1"));
        ExecutionEvent r3 = event("r3", "Trainer", ExecutionState.RUNNING, List.of(), Map.of("module_fingerprint", "c2"));
        rule.observe(r1);
        assertThat(rule.skip(DecisionPoint.PRE_TRAIN, r1)).isFalse();
        rule.observe(r2);
        assertThat(rule.skip(DecisionPoint.PRE_TRAIN, r2)).isTrue();
        rule.observe(r3);
        assertThat(rule.skip(DecisionPoint.PRE_TRAIN, r3)).isFalse(); // new code
    }
}
