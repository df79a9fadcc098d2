package dev.graphlet.advisor.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.bench.TfxRun;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The honesty rules of replaying a recorded trace, pinned on hand-made runs. */
class CounterfactualTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    static final long DAY = Duration.ofDays(1).toMillis();

    /** Skips the runs named at PRE_TRAIN, and records what it was shown, with weights. */
    static final class Spy implements SkipPolicy {
        final List<String> skipRuns;
        final List<String> seen = new ArrayList<>();
        final List<Double> weights = new ArrayList<>();

        Spy(List<String> skipRuns) {
            this.skipRuns = skipRuns;
        }

        @Override
        public String name() {
            return "spy";
        }

        @Override
        public String family() {
            return "spy";
        }

        @Override
        public double parameter() {
            return Double.NaN;
        }

        @Override
        public void observe(ExecutionEvent event) {
            observe(event, 1.0);
        }

        @Override
        public void observe(ExecutionEvent event, double weight) {
            seen.add(event.getEventId());
            weights.add(weight);
        }

        @Override
        public boolean skip(DecisionPoint point, ExecutionEvent event) {
            return point == DecisionPoint.PRE_TRAIN && skipRuns.contains(event.getRunId());
        }
    }

    /** Three daily runs: r0 pushes, r1 is not pushed (pushed = 0), r2 pushes. */
    static List<ExecutionEvent> trace() {
        List<ExecutionEvent> events = new ArrayList<>();
        events.addAll(TfxRun.withRunId("p", "r0", T0).events());
        events.addAll(TfxRun.withRunId("p", "r1", T0 + DAY).pushed("0").events());
        events.addAll(TfxRun.withRunId("p", "r2", T0 + 2 * DAY).events());
        return events;
    }

    /** The run's whole cost, or what it had spent when its Trainer first reported (its cumulative cost included). */
    static long cost(List<ExecutionEvent> run, boolean untilTrainerStarts) {
        long total = 0;
        for (ExecutionEvent e : run) {
            if (untilTrainerStarts && e.getComponentType().equals("Trainer")) {
                return total + Math.round(e.getCost() * 1000);
            }
            if (e.getState() != dev.graphlet.advisor.contract.ExecutionState.RUNNING) {
                total += Math.round(e.getCost() * 1000);
            }
        }
        return total;
    }

    private static Comparison.Row replay(Spy spy, double holdout) {
        Counterfactual replay = new Counterfactual(List.of(spy), holdout, 1L);
        trace().forEach(replay::accept);
        return replay.comparison(3 * DAY).rows().get(1);
    }

    @Test
    void aSkippedRunIsHiddenFromThePolicyAfterItsSkip() {
        Spy spy = new Spy(List.of("r1"));
        replay(spy, 0);

        List<String> r1 = spy.seen.stream().filter(id -> id.startsWith("r1")).toList();
        List<ExecutionEvent> r1Events = TfxRun.withRunId("p", "r1", T0 + DAY).pushed("0").events();
        int trainerFirst = r1Events.indexOf(r1Events.stream().filter(e -> e.getComponentType().equals("Trainer")).findFirst().orElseThrow());
        assertThat(r1).hasSize(trainerFirst + 1); // everything up to the event it was skipped at, nothing after
        assertThat(spy.seen.stream().filter(id -> id.startsWith("r2"))).isNotEmpty();
    }

    @Test
    void skippingANonDeployingRunAvoidsTheWasteAfterTheSkipOnly() {
        List<ExecutionEvent> r1 = TfxRun.withRunId("p", "r1", T0 + DAY).pushed("0").events();
        Comparison.Row row = replay(new Spy(List.of("r1")), 0);

        assertThat(row.wastedCostMilli()).isEqualTo(cost(r1, true));
        assertThat(row.wasteAvoided()).isEqualTo((double) (cost(r1, false) - cost(r1, true)) / cost(r1, false));
        assertThat(row.deploymentsLost()).isZero();
        assertThat(row.skippedWouldDeploy()).isZero();
    }

    @Test
    void skippingADeployingRunLosesItsPushAndItsSpendBeforeTheSkipBecomesWaste() {
        List<ExecutionEvent> r2 = TfxRun.withRunId("p", "r2", T0 + 2 * DAY).events();
        List<ExecutionEvent> r1 = TfxRun.withRunId("p", "r1", T0 + DAY).pushed("0").events();
        Comparison.Row row = replay(new Spy(List.of("r2")), 0);

        assertThat(row.deployments()).isEqualTo(1);
        assertThat(row.deploymentsLost()).isEqualTo(0.5);
        assertThat(row.skippedWouldDeploy()).isEqualTo(1);
        assertThat(row.wastedCostMilli()).isEqualTo(cost(r1, false) + cost(r2, true));
    }

    @Test
    void holdoutRunsRunToTheEndAndTeachWithTheInverseOfTheirProbability() {
        Spy spy = new Spy(List.of("r1", "r2"));
        Comparison.Row row = replay(spy, 0.999_999);

        assertThat(row.skips()).isZero();
        assertThat(row.deploymentsLost()).isZero();
        assertThat(spy.seen).hasSize(trace().size());
        assertThat(spy.weights).contains(1 / 0.999_999);
    }

    @Test
    void holdoutDrawsAreTheSameOnEveryReplay() {
        Spy first = new Spy(List.of("r1", "r2"));
        Spy second = new Spy(List.of("r1", "r2"));
        assertThat(replay(first, 0.5)).isEqualTo(replay(second, 0.5));
        assertThat(first.seen).isEqualTo(second.seen);
    }

    @Test
    void aRunStillOpenWhenTheTraceEndsCountsInNoWorld() {
        Counterfactual replay = new Counterfactual(List.of(new Spy(List.of())), 0, 1L);
        List<ExecutionEvent> events = trace();
        events.subList(0, events.size() - 3).forEach(replay::accept); // r2 without its Pusher's end
        Comparison comparison = replay.comparison(3 * DAY);
        assertThat(comparison.reference().runs()).isEqualTo(2);
    }
}
