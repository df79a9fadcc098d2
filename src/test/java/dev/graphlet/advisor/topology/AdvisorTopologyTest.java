package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.AdvisoryMode;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.Feedback;
import dev.graphlet.advisor.contract.FeedbackAction;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.contract.Reason;
import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.graphlet.AssemblySettings;
import dev.graphlet.advisor.bench.TfxRun;
import dev.graphlet.advisor.graphlet.DecisionPointReached;
import dev.graphlet.advisor.scoring.Advising;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.Verdict;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvisorTopologyTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final Duration GRACE = Duration.ofMinutes(10);

    static AdvisorSettings settings() {
        AdvisorSettings d = AdvisorSettings.defaults();
        return new AdvisorSettings(Topics.DEFAULTS,
                new AssemblySettings(GRACE, Duration.ofHours(2), Duration.ofDays(1), 32, 64, 8),
                16, d.maxAhead(), Duration.ofMinutes(1), Optional.empty(), Duration.ofDays(1),
                Duration.ofHours(1), "fleet", 7L, 1);
    }

    /** A test double for the scoring seam: SKIP below 0.5, the probability given per decision point. */
    static Advising advising(double runStart, double preTrain, double inTraining) {
        return new Advising() {
            @Override
            public void fold(GraphletState graphlet, ExecutionEvent event) {
            }

            @Override
            public Verdict decide(DecisionPointReached reached, GraphletState graphlet, ModelState model, Mode mode) {
                double p = switch (reached.decisionPoint()) {
                    case RUN_START -> runStart;
                    case PRE_TRAIN -> preTrain;
                    case IN_TRAINING -> inTraining;
                };
                return new Verdict(reached.decisionPoint(), p, 0.5, null, p < 0.5, false, false, p < 0.5 && mode != Mode.OFF, mode,
                        List.of(new Reason("test-feature", 1.0, -0.7)), 4_000, "test-model-1");
            }

            @Override
            public void finished(GraphletState graphlet, GraphletOutcome outcome, PipelineState pipeline, ModelState model) {
            }

            @Override
            public Duration validFor() {
                return Duration.ofHours(1);
            }

            @Override
            public ModelState startingModel() {
                return OnlineModel.fresh();
            }

            @Override
            public Mode configuredMode() {
                return Mode.ACTIVE;
            }

            @Override
            public long snapshotEvery() {
                return 1000;
            }
        };
    }

    @Test
    void aRunBecomesExactlyOneOutcomeOnceStreamTimePassesItsGrace() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.empty())) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "run-1", T0).events();
            h.pipe(run);
            long end = run.get(run.size() - 1).getEventTime().toEpochMilli();

            h.tick(end + GRACE.toMillis() - 60_000);
            assertThat(h.outcomesOf("p1")).isEmpty();
            h.tick(end + GRACE.toMillis() + 60_000);
            h.tick(end + 5 * HOUR);

            List<GraphletOutcome> outcomes = h.outcomesOf("p1");
            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.getReason()).isEqualTo(OutcomeReason.PUSHED);
                assertThat(o.getTotalCostMilli()).isEqualTo(16_000);
            });
            assertThat(h.counters.get("events")).isGreaterThanOrEqualTo(run.size());
        }
    }

    @Test
    void withoutAScoringSeamDecisionPointsAreCountedAndNothingIsAdvised() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.empty())) {
            h.pipe(TfxRun.withRunId("p1", "run-1", T0).events());

            assertThat(h.advisories.isEmpty()).isTrue();
            assertThat(h.counters.get("decision-points.RUN_START")).isEqualTo(1);
            assertThat(h.counters.get("decision-points.PRE_TRAIN")).isEqualTo(1);
            assertThat(h.counters.get("decision-points.IN_TRAINING")).isEqualTo(1);
        }
    }

    @Test
    void anAdvisoryIsEmittedAtEachDecisionPointWithItsReasons() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advising(0.9, 0.8, 0.7)))) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "run-1", T0).events();
            h.pipe(run);

            List<Advisory> advisories = h.advisories.readValuesToList();
            assertThat(advisories).extracting(Advisory::getDecisionPoint)
                    .containsExactly(DecisionPoint.RUN_START, DecisionPoint.PRE_TRAIN, DecisionPoint.IN_TRAINING);
            Advisory first = advisories.get(0);
            assertThat(first.getDecision()).isEqualTo(Decision.CONTINUE);
            assertThat(first.getGraphletId()).isEqualTo("run-1");
            assertThat(first.getExecutionId()).isEqualTo("run-1-ExampleGen");
            assertThat(first.getReasons()).singleElement().satisfies(r -> assertThat(r.getFeature()).isEqualTo("test-feature"));
            assertThat(first.getModelVersion()).isEqualTo("test-model-1");
            assertThat(first.getEventTime()).isEqualTo(run.get(0).getEventTime());
            assertThat(first.getValidUntil()).isEqualTo(run.get(0).getEventTime().plus(Duration.ofHours(1)));
            assertThat(advisories).extracting(Advisory::getAdvisoryId).doesNotHaveDuplicates();
        }
    }

    @Test
    void atMostOneSkipPerGraphletAndTheOutcomeCarriesItsAdvisories() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advising(0.9, 0.2, 0.1)))) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "run-1", T0).events();
            h.pipe(run);
            h.tick(run.get(run.size() - 1).getEventTime().toEpochMilli() + HOUR);

            assertThat(h.advisories.readValuesToList()).filteredOn(a -> a.getPipelineId().equals("p1"))
                    .extracting(Advisory::getDecision).containsExactly(Decision.CONTINUE, Decision.SKIP);
            GraphletOutcome outcome = h.outcomesOf("p1").get(0);
            assertThat(outcome.getAdvisories()).hasSize(2);
            // four components done (1.0 each) and the Trainer's first report (2.0 so far)
            assertThat(outcome.getAdvisories().get(1).getCostBeforeMilli()).isEqualTo(6_000);
        }
    }

    @Test
    void confirmedSkipFeedbackLabelsTheCancelledRunSkippedOnAdvice() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advising(0.9, 0.2, 0.1)))) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "run-1", T0).trainer(ExecutionState.CANCELED).events();
            h.pipe(run.subList(0, 9));
            Advisory skip = h.advisories.readValuesToList().stream().filter(a -> a.getDecision() == Decision.SKIP).findFirst().orElseThrow();
            h.feedback.pipeInput("p1", Feedback.newBuilder().setAdvisoryId(skip.getAdvisoryId()).setPipelineId("p1")
                    .setGraphletId(skip.getGraphletId()).setRunId("run-1").setAction(FeedbackAction.SKIPPED)
                    .setEventTime(Instant.ofEpochMilli(T0 + 9 * 60_000)).build(), Instant.ofEpochMilli(T0 + 9 * 60_000));
            h.pipe(run.subList(9, run.size()));
            h.tick(T0 + 2 * HOUR);

            assertThat(h.outcomesOf("p1")).singleElement()
                    .satisfies(o -> assertThat(o.getReason()).isEqualTo(OutcomeReason.SKIPPED_ON_ADVICE));
            assertThat(h.counters.get("feedback.SKIPPED")).isEqualTo(1);
        }
    }

    @Test
    void feedbackTimedAheadOfTheEventsDoesNotCloseOpenGraphlets() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advising(0.9, 0.2, 0.1)))) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "run-1", T0).events();
            h.pipe(run.subList(0, 9));
            Advisory skip = h.advisories.readValuesToList().stream().filter(a -> a.getDecision() == Decision.SKIP).findFirst().orElseThrow();
            // The orchestrator ignored the SKIP at a time far ahead of the events the task has read (it acts live while
            // the advisor catches up on history, or stamps its own clock): the graphlet's clock is its events'.
            Instant ahead = Instant.parse("2030-01-01T00:00:00Z");
            h.feedback.pipeInput("p1", Feedback.newBuilder().setAdvisoryId(skip.getAdvisoryId()).setPipelineId("p1")
                    .setGraphletId(skip.getGraphletId()).setRunId("run-1").setAction(FeedbackAction.IGNORED)
                    .setEventTime(ahead).build(), ahead);
            h.pipe(run.subList(9, run.size()));
            h.tick(run.get(run.size() - 1).getEventTime().toEpochMilli() + 2 * HOUR);

            assertThat(h.deadLetters.readRecordsToList()).isEmpty();
            assertThat(h.outcomesOf("p1")).singleElement().satisfies(o -> {
                assertThat(o.getReason()).isEqualTo(OutcomeReason.PUSHED);
                assertThat(o.getTotalCostMilli()).isEqualTo(16_000);
            });
        }
    }

    @Test
    void duplicateEventsAreDroppedAndCounted() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.empty())) {
            List<ExecutionEvent> run = TfxRun.withRunId("p1", "run-1", T0).events();
            h.pipe(run);
            h.pipe(run.get(3));
            h.pipe(run.get(10));
            h.tick(T0 + 3 * HOUR);

            assertThat(h.counters.get("duplicates")).isEqualTo(2);
            assertThat(h.outcomesOf("p1")).singleElement().satisfies(o -> assertThat(o.getTotalCostMilli()).isEqualTo(16_000));

            // A producer re-sending the whole run after its end: dropped, not dead-lettered as LATE.
            h.pipe(run);
            assertThat(h.counters.get("duplicates")).isEqualTo(2 + run.size());
            assertThat(h.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void anEndOfInputFlushReportsOpenGraphletsAsOpenAndLeavesThemOutOfTheWasteMetrics() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.empty())) {
            h.pipe(TfxRun.withRunId("p1", "run-1", T0).events().subList(0, 6));
            h.endOfInput(T0 + HOUR);

            assertThat(h.outcomesOf("p1")).singleElement().satisfies(o -> assertThat(o.getReason()).isEqualTo(OutcomeReason.OPEN));
            h.tick(T0 + Duration.ofDays(3).toMillis());
            assertThat(h.wasteMetrics.readValuesToList()).noneMatch(m -> m.getScope().equals("p1"));
        }
    }

    @Test
    void wasteMetricsAreEmittedOnceWhenTheirWindowClosesPerPipelineAndFleetWide() {
        try (TopologyHarness h = new TopologyHarness(settings(), Optional.empty())) {
            List<ExecutionEvent> pushed = TfxRun.withRunId("p1", "a", T0).events();
            List<ExecutionEvent> pushedAgain = TfxRun.withRunId("p1", "b", T0 + 4 * HOUR).events();
            List<ExecutionEvent> notPushed = TfxRun.withRunId("p2", "c", T0).pushed("0").events();
            h.pipe(pushed);
            h.pipe(pushedAgain);
            h.pipe(notPushed);
            assertThat(h.wasteMetrics.isEmpty()).as("no window has closed yet").isTrue();

            // Windows close on the stream time of the outcomes: later outcomes (here the clock's own) close them.
            h.tick(T0 + Duration.ofDays(1).toMillis() + 2 * HOUR);
            h.tick(T0 + Duration.ofDays(1).toMillis() + 5 * HOUR);
            List<WasteMetrics> metrics = h.wasteMetrics.readValuesToList();

            WasteMetrics p1 = metrics.stream().filter(m -> m.getScope().equals("p1")).findFirst().orElseThrow();
            assertThat(p1.getGraphlets()).isEqualTo(2);
            assertThat(p1.getDeployed()).isEqualTo(2);
            assertThat(p1.getWastedCostMilli()).isZero();
            assertThat(p1.getMeanPushIntervalMillis()).isEqualTo(4 * HOUR);
            assertThat(p1.getWindowStart().toEpochMilli()).isEqualTo(T0);
            WasteMetrics p2 = metrics.stream().filter(m -> m.getScope().equals("p2")).findFirst().orElseThrow();
            assertThat(p2.getWastedCostMilli()).isEqualTo(16_000);
            assertThat(p2.getMeanPushIntervalMillis()).isNull();
            WasteMetrics fleet = metrics.stream().filter(m -> m.getScope().equals("fleet")).findFirst().orElseThrow();
            assertThat(fleet.getGraphlets()).isEqualTo(3);
            assertThat(fleet.getTotalCostMilli()).isEqualTo(48_000);
            assertThat(fleet.getWastedCostMilli()).isEqualTo(16_000);
            assertThat(fleet.getCostByComponentMilli()).containsEntry("Trainer", 30_000L);
            assertThat(metrics.stream().filter(m -> m.getScope().equals("p1"))).hasSize(1);

            h.tick(T0 + Duration.ofDays(4).toMillis());
            assertThat(h.wasteMetrics.readValuesToList()).noneMatch(m -> m.getWindowStart().toEpochMilli() == T0);
        }
    }

    @Test
    void theSameInputTwiceGivesTheSameRecordsOnEveryOutputTopic() {
        List<List<Object>> runs = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            try (TopologyHarness h = new TopologyHarness(settings(), Optional.of(advising(0.9, 0.3, 0.6)))) {
                for (int p = 0; p < 5; p++) {
                    for (int r = 0; r < 4; r++) {
                        h.pipe(TfxRun.withRunId("p" + p, "p" + p + "-r" + r, T0 + r * 5 * HOUR + p * 60_000)
                                .pushed(r % 2 == 0 ? "1" : "0").events());
                    }
                }
                h.tick(T0 + Duration.ofDays(3).toMillis());
                List<Object> out = new ArrayList<>();
                out.add(h.outcomes.readKeyValuesToList());
                out.add(h.advisories.readKeyValuesToList());
                out.add(h.wasteMetrics.readKeyValuesToList());
                out.add(h.deadLetters.getQueueSize());
                runs.add(out);
            }
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
        assertThat(((List<?>) runs.get(0).get(0)).size()).isGreaterThanOrEqualTo(20);
    }
}
