package dev.graphlet.advisor.topology;

import static dev.graphlet.advisor.topology.AdvisorTopologyTest.HOUR;
import static dev.graphlet.advisor.topology.AdvisorTopologyTest.T0;
import static dev.graphlet.advisor.topology.AdvisorTopologyTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.bench.TfxRun;
import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.AdvisoryMode;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.Feedback;
import dev.graphlet.advisor.contract.FeedbackAction;
import dev.graphlet.advisor.contract.ModelSnapshot;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.scoring.Control;
import dev.graphlet.advisor.scoring.Features;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.scoring.OnlineAdvising;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.state.ModelState;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real advisor in the topology: advisories with reasons, modes from the control topic, feedback, snapshots. */
class ScoringTopologyTest {

    /** A starting model that has seen enough, is calibrated, and finds every run unlikely to deploy. */
    static ModelState pessimist() {
        ModelState model = OnlineModel.fresh();
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            model.getWeights().get(p).set(0, -4.0);
            model.getWeights().get(p).set(Features.NAMES.indexOf("runs_since_push"), -1.0);
            model.getWeights().get(p).set(Features.NAMES.indexOf("push_rate"), 0.5);
            model.getSeen().set(p, 10_000.0);
        }
        for (int i = 0; i < 200; i++) {
            model.getRingScores().add(1.0f);
            model.getRingProbabilities().add(0.9f);
            model.getRingOutcomes().add(1);
        }
        model.setThreshold(0.5);
        return model;
    }

    static OnlineAdvising advisor(Mode mode) {
        return new OnlineAdvising(ScoringSettings.DEFAULTS.withHoldout(0).withMode(mode), Optional.of(pessimist()));
    }

    /** Two runs an hour apart that push: the pipeline then has a deployed model and a usual interval. */
    static void twoPushes(TopologyHarness h, String pipeline) {
        h.pipe(TfxRun.withRunId(pipeline, pipeline + "-a", T0).events());
        h.pipe(TfxRun.withRunId(pipeline, pipeline + "-b", T0 + HOUR).events());
        h.tick(T0 + 2 * HOUR);
    }

    @Test
    void aSimulatedFleetScoredFromTheShippedStartingModelLeavesNoDeadLetters() throws Exception {
        ModelState start;
        try (var in = ScoringTopologyTest.class.getResourceAsStream("/models/starting-model.json")) {
            start = dev.graphlet.advisor.scoring.ModelFiles.fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        OnlineAdvising advising = new OnlineAdvising(ScoringSettings.DEFAULTS.withMode(Mode.ACTIVE), Optional.of(start));
        dev.graphlet.advisor.sim.FleetSimulator fleet = new dev.graphlet.advisor.sim.FleetSimulator(
                new dev.graphlet.advisor.sim.SimulationSettings(12, 20, 5, 1.0, 0.85, java.time.Instant.parse("2024-01-01T00:00:00Z")), run -> { });
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advising))) {
            int events = 0;
            while (fleet.hasNext()) {
                h.pipe(List.of(fleet.next()));
                events++;
            }
            List<String> reasons = h.deadLetters.readRecordsToList().stream().limit(3)
                    .map(r -> java.util.Arrays.stream(r.headers().toArray())
                            .filter(x -> x.value() != null && x.value().length < 2000)
                            .map(x -> x.key() + "=" + new String(x.value(), java.nio.charset.StandardCharsets.UTF_8)).toList().toString())
                    .toList();
            assertThat(reasons).as("dead letters").isEmpty();
            assertThat(h.counters.get("events")).isEqualTo(events);
            assertThat(h.counters.get("model-updates")).as("outcomes learned").isPositive();
            assertThat(h.advisories.readValuesToList()).extracting(Advisory::getDecision).contains(Decision.SKIP, Decision.CONTINUE);
        }
    }

    @Test
    void anAdvisoryIsEmittedAtEachDecisionPointWithItsReasonsAndTheModelVersion() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advisor(Mode.SHADOW)))) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "run-1", T0).events();
            h.pipe(run);

            List<Advisory> advisories = h.advisories.readValuesToList();
            assertThat(advisories).extracting(Advisory::getDecisionPoint)
                    .containsExactly(DecisionPoint.RUN_START, DecisionPoint.PRE_TRAIN, DecisionPoint.IN_TRAINING);
            assertThat(advisories).allSatisfy(a -> {
                assertThat(a.getDecision()).as("no deployed model yet: guarded").isEqualTo(Decision.CONTINUE);
                assertThat(a.getMode()).isEqualTo(AdvisoryMode.SHADOW);
                assertThat(a.getReasons()).isNotEmpty();
                assertThat(a.getReasons().get(0).getFeature()).isIn(Features.NAMES);
                assertThat(a.getDeployProbability()).isBetween(0.0, 1.0);
                assertThat(a.getModelVersion()).isEqualTo("m0");
                assertThat(a.getValidUntil()).isEqualTo(a.getEventTime().plus(Duration.ofMinutes(30)));
            });
            assertThat(advisories).extracting(Advisory::getAdvisoryId).doesNotHaveDuplicates();
            assertThat(h.counters.get("guards.RUN_START")).as("RUN_START is scored, never skipped by default").isEqualTo(1);
            assertThat(h.counters.get("guards.NO_DEPLOYED_MODEL")).isEqualTo(2);
            assertThat(h.counters.get("withheld.RUN_START")).as("a model that scores every run as waste: the guards withhold SKIPs")
                    .isEqualTo(1);
            assertThat(h.counters.get("withheld.NO_DEPLOYED_MODEL")).isEqualTo(2);
        }
    }

    @Test
    void onceGuardsArePassedALowScoreIsAnActiveSkipAndAConfirmedSkipNeverTeaches() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advisor(Mode.ACTIVE)))) {
            twoPushes(h, "p1");
            long learned = h.counters.get("model-updates");
            assertThat(learned).isEqualTo(2);
            h.advisories.readValuesToList();

            List<ExecutionEvent> run = TfxRun.withRunId("p1", "p1-c", T0 + 2 * HOUR).trainer(ExecutionState.CANCELED).events();
            h.pipe(run.subList(0, 9));
            List<Advisory> advised = h.advisories.readValuesToList().stream().filter(a -> a.getPipelineId().equals("p1")).toList();
            assertThat(advised).extracting(Advisory::getDecision).containsExactly(Decision.CONTINUE, Decision.SKIP);
            Advisory skip = advised.get(1);
            assertThat(skip.getDecisionPoint()).isEqualTo(DecisionPoint.PRE_TRAIN);
            assertThat(skip.getDecision()).isEqualTo(Decision.SKIP);
            assertThat(skip.getMode()).isEqualTo(AdvisoryMode.ACTIVE);
            assertThat(skip.getExpectedCostSavedMilli()).isPositive();
            // every guarded point of this model, which scores every run as waste, withholds a SKIP; the SKIP given is not one
            java.util.Map<String, Long> counts = h.counters.snapshot();
            long guarded = counts.entrySet().stream().filter(e -> e.getKey().startsWith("guards.")).mapToLong(java.util.Map.Entry::getValue).sum();
            long withheld = counts.entrySet().stream().filter(e -> e.getKey().startsWith("withheld.")).mapToLong(java.util.Map.Entry::getValue).sum();
            assertThat(withheld).isPositive().isEqualTo(guarded);
            assertThat(h.counters.get("withheld.RUN_START")).isEqualTo(h.counters.get("guards.RUN_START"));

            h.feedback.pipeInput("p1", Feedback.newBuilder().setAdvisoryId(skip.getAdvisoryId()).setPipelineId("p1")
                    .setGraphletId(skip.getGraphletId()).setRunId("p1-c").setAction(FeedbackAction.SKIPPED)
                    .setEventTime(skip.getEventTime()).build(), skip.getEventTime());
            h.pipe(run.subList(9, run.size()));
            h.tick(T0 + 5 * HOUR);

            assertThat(h.advisories.readValuesToList()).as("at most one SKIP per graphlet, then silence")
                    .noneMatch(a -> a.getPipelineId().equals("p1"));
            assertThat(h.outcomesOf("p1")).last().satisfies(o -> assertThat(o.getReason()).isEqualTo(OutcomeReason.SKIPPED_ON_ADVICE));
            assertThat(h.counters.get("outcomes.SKIPPED_ON_ADVICE")).isEqualTo(1);
            assertThat(h.counters.get("learned.SKIPPED_ON_ADVICE")).as("a run skipped on advice teaches nothing").isZero();
            assertThat(h.counters.get("learned.PUSHED")).isEqualTo(learned);
        }
    }

    @Test
    void modesAndTheKillSwitchChangeThroughTheControlTopicWithoutARestart() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advisor(Mode.ACTIVE)))) {
            twoPushes(h, "p1");
            h.advisories.readValuesToList();

            h.control.pipeInput(Control.PIPELINE_MODE + "p1", "SHADOW");
            h.pipe(TfxRun.withRunId("p1", "p1-c", T0 + 2 * HOUR).events().get(0));
            assertThat(h.advisories.readValue().getMode()).isEqualTo(AdvisoryMode.SHADOW);

            h.control.pipeInput(Control.KILL_SWITCH, "on");
            h.pipe(TfxRun.withRunId("p1", "p1-d", T0 + 3 * HOUR).events().get(0));
            assertThat(h.advisories.isEmpty()).isTrue();
            assertThat(h.counters.get("advisories.suppressed")).isEqualTo(1);

            h.control.pipeInput(Control.KILL_SWITCH, "off");
            h.control.pipeInput(Control.PIPELINE_MODE + "p1", (String) null);
            h.control.pipeInput(Control.FLEET_MODE, "sideways");
            h.pipe(TfxRun.withRunId("p1", "p1-e", T0 + 4 * HOUR).events().get(0));
            assertThat(h.advisories.readValue().getMode()).isEqualTo(AdvisoryMode.ACTIVE);
            assertThat(h.counters.get("control.rejected")).isEqualTo(1);
        }
    }

    @Test
    void snapshotsGoToTheModelTopicAndARollbackRestoresOne() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advisor(Mode.SHADOW)))) {
            twoPushes(h, "p1");
            List<ModelSnapshot> snapshots = h.modelSnapshots.readValuesToList();
            assertThat(snapshots).isNotEmpty();
            ModelSnapshot first = snapshots.get(0);
            assertThat(first.getTask()).isEqualTo("task-0");
            assertThat(first.getFeatures()).isEqualTo(Features.NAMES);
            assertThat(first.getModels()).hasSize(OnlineModel.POINTS);

            byte[] state = new byte[first.getState().remaining()];
            first.getState().get(state);
            h.control.pipeInput(Control.ROLLBACK + "task-0", "n1 " + Base64.getEncoder().encodeToString(state));
            h.driver.advanceWallClockTime(Duration.ofSeconds(6));
            assertThat(h.counters.get("model-rollbacks")).isEqualTo(1);
            h.driver.advanceWallClockTime(Duration.ofSeconds(6));
            assertThat(h.counters.get("model-rollbacks")).as("each rollback applies once").isEqualTo(1);

            h.pipe(TfxRun.withRunId("p1", "p1-c", T0 + 2 * HOUR).events().get(0));
            assertThat(h.advisories.readValuesToList()).last()
                    .satisfies(a -> assertThat(a.getModelVersion()).isEqualTo(first.getVersion()));
        }
    }
}
