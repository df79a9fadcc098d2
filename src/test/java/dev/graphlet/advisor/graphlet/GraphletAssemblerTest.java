package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.bench.TfxRun;
import static dev.graphlet.advisor.bench.TfxRun.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphletAssemblerTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    static final Duration GRACE = Duration.ofMinutes(10);
    static final Duration TIMEOUT = Duration.ofHours(2);
    static final AssemblySettings SETTINGS = new AssemblySettings(GRACE, TIMEOUT, Duration.ofDays(1), 4, 64, 3);

    private final InMemoryGraphletStore store = new InMemoryGraphletStore();
    private final Map<String, Integer> capHits = new HashMap<>();
    private final GraphletAssembler assembler = new GraphletAssembler(store, SETTINGS,
            (cap, pipeline) -> capHits.merge(cap, 1, Integer::sum));

    private List<Assembled> feed(List<ExecutionEvent> events) {
        List<Assembled> results = new ArrayList<>();
        events.forEach(e -> results.add(assembler.accept(e)));
        return results;
    }

    private GraphletOutcome onlyOutcome(long streamTime) {
        List<GraphletOutcome> outcomes = outcomes(assembler.advance(streamTime));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private static long pusherEnd(List<ExecutionEvent> events) {
        return events.get(events.size() - 1).getEventTime().toEpochMilli();
    }

    // ---- labels --------------------------------------------------------------------------------------------

    @Test
    void aRunThatPushesIsDeployedWithItsCostPerComponent() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "run-1", T0).events();
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.PUSHED);
        assertThat(outcome.getDeployed()).isTrue();
        assertThat(outcome.getGraphletId()).isEqualTo("run-1");
        assertThat(outcome.getRunId()).isEqualTo("run-1");
        assertThat(outcome.getTotalCostMilli()).isEqualTo(16_000);
        assertThat(outcome.getCostByComponentMilli()).containsEntry("Trainer", 10_000L).containsEntry("Pusher", 1_000L).hasSize(7);
        assertThat(outcome.getExecutions()).isEqualTo(7);
        assertThat(outcome.getStartTime().toEpochMilli()).isEqualTo(T0 + MINUTE);
        assertThat(outcome.getEndTime().toEpochMilli()).isEqualTo(pusherEnd(events));
        assertThat(outcome.getPushIntervalMillis()).isNull();
    }

    @Test
    void pushedZeroWithAPositiveBlessingIsNotPushed() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).pushed("0").events();
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.NOT_PUSHED);
        assertThat(outcome.getDeployed()).isFalse();
    }

    @Test
    void pushedZeroWithABlessingOfZeroIsNotBlessed() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).blessed("0").pushed("0").events();
        feed(events);

        assertThat(onlyOutcome(pusherEnd(events) + GRACE.toMillis()).getReason()).isEqualTo(OutcomeReason.NOT_BLESSED);
    }

    @Test
    void aPusherCancelledForWantOfABlessingIsNotBlessed() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).blessed("0").pusher(ExecutionState.CANCELED).events();
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.NOT_BLESSED);
        assertThat(outcome.getTotalCostMilli()).isEqualTo(15_000);
    }

    @Test
    void aCancelledRunIsCanceledUnlessTheOrchestratorConfirmedASkip() {
        List<ExecutionEvent> plain = TfxRun.withRunId("p", "plain", T0).trainer(ExecutionState.CANCELED).events();
        List<ExecutionEvent> skipped = TfxRun.withRunId("p", "skipped", T0).trainer(ExecutionState.CANCELED).events();
        feed(plain);
        feed(skipped);
        assertThat(assembler.confirmSkip("p", "skipped")).isTrue();

        List<GraphletOutcome> outcomes = outcomes(assembler.advance(pusherEnd(plain) + GRACE.toMillis()));

        assertThat(outcomes).extracting(GraphletOutcome::getGraphletId, GraphletOutcome::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("plain", OutcomeReason.CANCELED),
                        org.assertj.core.groups.Tuple.tuple("skipped", OutcomeReason.SKIPPED_ON_ADVICE));
    }

    @Test
    void aFailedExecutionMakesTheRunFailedAndEndsIt() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).trainer(ExecutionState.FAILED).events();
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.FAILED);
        assertThat(outcome.getCostByComponentMilli()).containsEntry("Trainer", 7_000L);
    }

    @Test
    void aRunWithoutTerminalEventTimesOutAndCountsTheCostReportedSoFar() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events().subList(0, 10); // up to Trainer RUNNING step 200
        feed(events);
        long last = events.get(events.size() - 1).getEventTime().toEpochMilli();

        assertThat(outcomes(assembler.advance(last + TIMEOUT.toMillis() + GRACE.toMillis() - 1))).isEmpty();
        GraphletOutcome outcome = onlyOutcome(last + TIMEOUT.toMillis() + GRACE.toMillis());

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.TIMED_OUT);
        assertThat(outcome.getCostByComponentMilli()).containsEntry("Trainer", 6_000L);
        assertThat(outcome.getEndTime().toEpochMilli()).isEqualTo(last);
    }

    @Test
    void eventsAfterTheFirstDeadlinePushTheTimeoutBackAndATerminalEventBringsClosingForward() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events();
        long first = events.get(0).getEventTime().toEpochMilli();
        feed(events.subList(0, 1));
        // A slow run: its next report comes after the deadline the first one set, but before the schedule is checked.
        long slow = first + TIMEOUT.toMillis() + GRACE.toMillis() - 1;
        assembler.accept(ExecutionEvent.newBuilder(events.get(1)).setEventTime(Instant.ofEpochMilli(slow)).build());
        assertThat(outcomes(assembler.advance(first + TIMEOUT.toMillis() + GRACE.toMillis()))).isEmpty();
        assertThat(outcomes(assembler.advance(slow + TIMEOUT.toMillis() + GRACE.toMillis() - 1))).isEmpty();

        // A stream time far past every deadline at once still closes at the latest one.
        GraphletOutcome timedOut = onlyOutcome(slow + Duration.ofDays(1).toMillis());
        assertThat(timedOut.getReason()).isEqualTo(OutcomeReason.TIMED_OUT);
        assertThat(timedOut.getEndTime().toEpochMilli()).isEqualTo(slow);

        // Another run's terminal event moves its closing before its inactivity deadline.
        List<ExecutionEvent> other = TfxRun.withRunId("p", "r2", slow + Duration.ofDays(2).toMillis()).events();
        feed(other);
        assertThat(onlyOutcome(pusherEnd(other) + GRACE.toMillis()).getReason()).isEqualTo(OutcomeReason.PUSHED);
    }

    @Test
    void cachedExecutionsCostNothing() {
        List<ExecutionEvent> events = new ArrayList<>(TfxRun.withRunId("p", "r", T0).events());
        ExecutionEvent exampleGenDone = events.get(1);
        events.set(1, ExecutionEvent.newBuilder(exampleGenDone).setState(ExecutionState.CACHED).setCost(5.0).build());
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThat(outcome.getCostByComponentMilli()).containsEntry("ExampleGen", 0L);
        assertThat(outcome.getTotalCostMilli()).isEqualTo(15_000);
    }

    @Test
    void aCachedPusherEndsTheRunWithoutANewDeploymentEvenWhenItsCachedOutputSaysPushed() {
        List<ExecutionEvent> events = new ArrayList<>(TfxRun.withRunId("p", "r", T0).events());
        int last = events.size() - 1;
        events.set(last, ExecutionEvent.newBuilder(events.get(last)).setState(ExecutionState.CACHED).build());
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.NOT_PUSHED);
        assertThat(outcome.getDeployed()).isFalse();
    }

    // ---- closing -------------------------------------------------------------------------------------------

    @Test
    void aGraphletIsFinalOnlyAfterTheGraceAndLateEventsWithinItStillCount() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events();
        ExecutionEvent trainerDone = events.get(10);
        List<ExecutionEvent> withoutTrainerEnd = new ArrayList<>(events);
        withoutTrainerEnd.remove(10);
        feed(withoutTrainerEnd);
        long end = pusherEnd(events);

        assertThat(outcomes(assembler.advance(end + GRACE.toMillis() - 1))).isEmpty();
        assembler.accept(trainerDone); // late, but within the grace period
        GraphletOutcome outcome = onlyOutcome(end + GRACE.toMillis());

        assertThat(outcome.getCostByComponentMilli()).containsEntry("Trainer", 10_000L);
        assertThat(outcomes(assembler.advance(end + Duration.ofHours(5).toMillis()))).isEmpty(); // exactly one outcome
    }

    @Test
    void anEventForAFinalGraphletIsRejectedAsLate() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events();
        feed(events);
        onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThatThrownBy(() -> assembler.accept(TfxRun.copyWithId(events.get(3), "straggler")))
                .isInstanceOfSatisfying(EventRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.LATE))
                .hasMessageContaining("graphlet r").hasMessageContaining("already final");
    }

    // ---- redeliveries -------------------------------------------------------------------------------------

    @Test
    void aRedeliveryChangesNothingWhetherItsGraphletIsOpenOrFinal() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events();
        List<Assembled> first = feed(events.subList(0, 8));
        assertThat(first).noneMatch(Assembled::duplicate);

        // Redelivered while open: the RUN_START and PRE_TRAIN events reach no decision point again.
        assertThat(feed(events.subList(0, 8))).allSatisfy(a -> {
            assertThat(a.duplicate()).isTrue();
            assertThat(a.decisionPoints()).isEmpty();
        });
        feed(events.subList(8, events.size()));
        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());
        assertThat(outcome.getTotalCostMilli()).isEqualTo(16_000);

        // Redelivered after the end: a duplicate, not a LATE dead letter; a new event for it still is LATE.
        assertThat(feed(events)).allMatch(Assembled::duplicate);
        assertThatThrownBy(() -> assembler.accept(TfxRun.copyWithId(events.get(3), "straggler")))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.LATE));
        // The same eventId at another time is another event.
        ExecutionEvent later = ExecutionEvent.newBuilder(events.get(3))
                .setEventTime(events.get(3).getEventTime().plusSeconds(1)).build();
        assertThatThrownBy(() -> assembler.accept(later)).isInstanceOf(EventRejectedException.class);
    }

    @Test
    void aMergedGraphletKeepsBothPartsRedeliveriesApart() {
        List<ExecutionEvent> events = new ArrayList<>(TfxRun.lineageOnly("p", "d", T0).events());
        ExecutionEvent transformDone = events.remove(7);
        events.add(transformDone); // the Trainer waits in a graphlet of its own until the Transform's outputs arrive
        feed(events);

        assertThat(feed(events)).allMatch(Assembled::duplicate);
        GraphletOutcome outcome = onlyOutcome(pusherEnd(TfxRun.lineageOnly("p", "d", T0).events()) + GRACE.toMillis());
        assertThat(outcome.getTotalCostMilli()).isEqualTo(16_000);
        assertThat(outcome.getExecutions()).isEqualTo(7);
    }

    @Test
    void aGraphletRemembersItsLatestFingerprintsUpToTheCap() {
        java.nio.ByteBuffer packed = java.nio.ByteBuffer.allocate(0);
        int sent = GraphletAssembler.MAX_SEEN_EVENTS + 88;
        for (long f = 1; f <= sent; f++) {
            packed = GraphletAssembler.remember(packed, f);
        }
        assertThat(packed.remaining()).isEqualTo(GraphletAssembler.MAX_SEEN_EVENTS * Long.BYTES);
        assertThat(GraphletAssembler.seen(packed, 88)).isFalse();
        assertThat(GraphletAssembler.seen(packed, 89)).isTrue();
        assertThat(GraphletAssembler.seen(packed, sent)).isTrue();

        // A merge appends the other part's fingerprints under the same cap: the newest 512 of both stay.
        java.nio.ByteBuffer other = java.nio.ByteBuffer.allocate(0);
        for (long f = 10_001; f <= 10_100; f++) {
            other = GraphletAssembler.remember(other, f);
        }
        java.nio.ByteBuffer merged = GraphletAssembler.remember(packed, other);
        assertThat(merged.remaining()).isEqualTo(GraphletAssembler.MAX_SEEN_EVENTS * Long.BYTES);
        assertThat(GraphletAssembler.seen(merged, 188)).isFalse();
        assertThat(GraphletAssembler.seen(merged, 189)).isTrue();
        assertThat(GraphletAssembler.seen(merged, 10_100)).isTrue();
        assertThat(GraphletAssembler.seen(packed, 89)).as("the parts are left as they were").isTrue();
    }

    @Test
    void fingerprintsTellEventIdAndTimeApart() {
        assertThat(GraphletAssembler.fingerprint("e-1", 1000)).isEqualTo(GraphletAssembler.fingerprint("e-1", 1000))
                .isNotEqualTo(GraphletAssembler.fingerprint("e-1", 1001))
                .isNotEqualTo(GraphletAssembler.fingerprint("e-2", 1000));
    }

    @Test
    void pushIntervalsComeFromThePipelinesPreviousPush() {
        List<ExecutionEvent> first = TfxRun.withRunId("p", "r1", T0).events();
        List<ExecutionEvent> second = TfxRun.withRunId("p", "r2", T0 + Duration.ofHours(6).toMillis()).events();
        feed(first);
        feed(second);

        List<GraphletOutcome> outcomes = outcomes(assembler.advance(pusherEnd(second) + GRACE.toMillis()));

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).getPushIntervalMillis()).isNull();
        assertThat(outcomes.get(1).getPushIntervalMillis()).isEqualTo(Duration.ofHours(6).toMillis());
        assertThat(store.pipeline("p").orElseThrow().getDeployedCount()).isEqualTo(2);
    }

    @Test
    void anEndOfInputFlushReportsOpenGraphletsAsOpenNotAsWaste() {
        feed(TfxRun.withRunId("p", "r", T0).events().subList(0, 5));

        List<GraphletOutcome> flushed = outcomes(assembler.flushOpen());

        assertThat(flushed).singleElement().satisfies(o -> {
            assertThat(o.getReason()).isEqualTo(OutcomeReason.OPEN);
            assertThat(o.getDeployed()).isFalse();
        });
        assertThat(store.pipeline("p").orElseThrow().getGraphletsFinal()).isZero();
        assertThat(outcomes(assembler.advance(Long.MAX_VALUE / 2))).isEmpty();
    }

    // ---- decision points -----------------------------------------------------------------------------------

    @Test
    void runStartAndPreTrainAreReachedOnceAndInTrainingWithEveryLaterReport() {
        List<Assembled> results = feed(TfxRun.withRunId("p", "r", T0).events());

        List<DecisionPoint> reached = results.stream().flatMap(a -> a.decisionPoints().stream())
                .map(DecisionPointReached::decisionPoint).toList();
        assertThat(reached).containsExactly(DecisionPoint.RUN_START, DecisionPoint.PRE_TRAIN, DecisionPoint.IN_TRAINING);
        assertThat(results.get(0).decisionPoints().get(0).event().getComponentType()).isEqualTo("ExampleGen");
        assertThat(results.get(8).decisionPoints()).extracting(DecisionPointReached::decisionPoint)
                .containsExactly(DecisionPoint.PRE_TRAIN); // the Trainer's first report, metrics and all
        assertThat(results.get(9).decisionPoints()).extracting(DecisionPointReached::decisionPoint)
                .containsExactly(DecisionPoint.IN_TRAINING);

    }

    @Test
    void everyLaterTrainingReportIsAnInTrainingDecisionPoint() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events();
        List<Assembled> results = feed(events.subList(0, 10));
        ExecutionEvent report = results.get(9).decisionPoints().get(0).event();
        ExecutionEvent later = ExecutionEvent.newBuilder(report).setEventId("r-later-report")
                .setEventTime(report.getEventTime().plusSeconds(10))
                .setMetrics(new java.util.HashMap<>(java.util.Map.of("step", 300.0, "loss", 0.4))).build();

        assertThat(feed(List.of(later)).get(0).decisionPoints()).extracting(DecisionPointReached::decisionPoint)
                .containsExactly(DecisionPoint.IN_TRAINING);
    }

    @Test
    void noDecisionPointOnceTheRunIsOver() {
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events();
        List<ExecutionEvent> pusherFirst = new ArrayList<>();
        pusherFirst.add(events.get(events.size() - 1));
        pusherFirst.addAll(events.subList(0, events.size() - 1));

        assertThat(feed(pusherFirst)).allSatisfy(a -> assertThat(a.decisionPoints()).isEmpty());
    }

    // ---- lineage -------------------------------------------------------------------------------------------

    @Test
    void withoutRunIdsLineageGroupsARunUnderItsFirstExecution() {
        List<ExecutionEvent> events = TfxRun.lineageOnly("p", "day1", T0).events();
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(events) + GRACE.toMillis());

        assertThat(outcome.getGraphletId()).isEqualTo("day1-ExampleGen");
        assertThat(outcome.getRunId()).isNull();
        assertThat(outcome.getExecutions()).isEqualTo(7);
        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.PUSHED);
    }

    @Test
    void aBaselineModelDoesNotPullTheNextRunIntoThePreviousGraphlet() {
        TfxRun day1 = TfxRun.lineageOnly("p", "day1", T0);
        List<ExecutionEvent> first = day1.events();
        List<ExecutionEvent> second = TfxRun.lineageOnly("p", "day2", T0 + 20 * MINUTE).baseline(day1.modelArtifact()).events();
        feed(first);
        feed(second);

        List<GraphletOutcome> outcomes = outcomes(assembler.advance(pusherEnd(second) + GRACE.toMillis()));

        assertThat(outcomes).extracting(GraphletOutcome::getGraphletId).containsExactly("day1-ExampleGen", "day2-ExampleGen");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.getExecutions()).isEqualTo(7));
    }

    @Test
    void aConsumerSeenBeforeItsProducerIsMergedIntoTheProducersGraphlet() {
        List<ExecutionEvent> events = new ArrayList<>(TfxRun.lineageOnly("p", "d", T0).events());
        ExecutionEvent transformDone = events.remove(7);
        events.add(transformDone); // the Trainer arrives before the Transform's outputs
        feed(events);

        GraphletOutcome outcome = onlyOutcome(pusherEnd(TfxRun.lineageOnly("p", "d", T0).events()) + GRACE.toMillis());

        assertThat(outcome.getGraphletId()).isEqualTo("d-ExampleGen");
        assertThat(outcome.getExecutions()).isEqualTo(7);
        assertThat(outcome.getTotalCostMilli()).isEqualTo(16_000);
        assertThat(store.alias("p", "d-Trainer")).contains("d-ExampleGen");
    }

    // ---- bounded state -------------------------------------------------------------------------------------

    @Test
    void openingMoreGraphletsThanTheCapClosesTheOldestAndCountsIt() {
        for (int i = 0; i < 4; i++) {
            assembler.accept(TfxRun.withRunId("p", "r" + i, T0 + i * MINUTE).events().get(0));
        }
        Assembled fifth = assembler.accept(TfxRun.withRunId("p", "r4", T0 + 4 * MINUTE).events().get(0));

        assertThat(outcomes(fifth.outcomes())).singleElement().satisfies(o -> {
            assertThat(o.getGraphletId()).isEqualTo("r0");
            assertThat(o.getReason()).isEqualTo(OutcomeReason.TIMED_OUT);
        });
        assertThat(capHits).containsEntry("open-graphlets", 1);
        assertThat(store.pipeline("p").orElseThrow().getOpenGraphlets()).containsExactly("r1", "r2", "r3", "r4");
    }

    @Test
    void anEventThatWouldGrowAGraphletPastItsExecutionCapIsRejectedAsOversized() {
        GraphletAssembler small = new GraphletAssembler(store,
                new AssemblySettings(GRACE, TIMEOUT, Duration.ofDays(1), 4, 3, 3), (cap, p) -> { });
        List<ExecutionEvent> events = TfxRun.withRunId("p", "r", T0).events();
        for (int i = 0; i < 6; i++) {
            small.accept(events.get(i)); // ExampleGen, StatisticsGen, SchemaGen
        }

        assertThatThrownBy(() -> small.accept(events.get(6)))
                .isInstanceOfSatisfying(EventRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.OVERSIZED));
        small.accept(events.get(5)); // known executions still update
    }

    @Test
    void pushHistoryIsARingAndFinalMarkersAndIndexesAreForgottenAfterRetention() {
        long start = T0;
        for (int i = 0; i < 6; i++) {
            feed(TfxRun.lineageOnly("p", "d" + i, start + i * Duration.ofHours(1).toMillis()).events());
        }
        outcomes(assembler.advance(start + Duration.ofHours(7).toMillis()));
        assertThat(store.pipeline("p").orElseThrow().getRecentPushIntervals()).hasSize(3);
        assertThat(store.sizes().get("executions")).isEqualTo(42);

        outcomes(assembler.advance(start + Duration.ofDays(2).toMillis()));

        assertThat(store.sizes()).containsEntry("graphlets", 0).containsEntry("finals", 0).containsEntry("executions", 0)
                .containsEntry("artifacts", 0).containsEntry("aliases", 0).containsEntry("schedule", 0)
                .containsEntry("pipelines", 1);
    }

    private static List<GraphletOutcome> outcomes(List<FinalOutcome> finals) {
        return finals.stream().map(FinalOutcome::outcome).toList();
    }
}
