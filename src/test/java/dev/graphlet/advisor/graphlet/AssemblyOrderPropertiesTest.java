package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.bench.TfxRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.GraphletOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever order a graphlet's events arrive in, and however many of them are duplicated, the graphlet's outcome
 * is the same: grouping (by run or by lineage), costs, label, times.
 */
class AssemblyOrderPropertiesTest {

    static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
    // Out-of-order lineage events may each wait in a graphlet of their own: room for all of them.
    static final AssemblySettings SETTINGS = new AssemblySettings(Duration.ofMinutes(10), Duration.ofHours(2),
            Duration.ofDays(1), 32, 64, 8);

    record Scenario(String name, List<ExecutionEvent> events) {
    }

    @Provide
    Arbitrary<Scenario> runs() {
        return Arbitraries.of(
                new Scenario("pushed run", TfxRun.withRunId("p", "r", T0).events()),
                new Scenario("not blessed run", TfxRun.withRunId("p", "r", T0).blessed("0").pusher(ExecutionState.CANCELED).events()),
                new Scenario("failed run", TfxRun.withRunId("p", "r", T0).trainer(ExecutionState.FAILED).events()),
                new Scenario("pushed lineage", TfxRun.lineageOnly("p", "d", T0).events()),
                new Scenario("not pushed lineage", TfxRun.lineageOnly("p", "d", T0).pushed("0").events()),
                new Scenario("lineage with baseline", TfxRun.lineageOnly("p", "d", T0).baseline("older-model").events()));
    }

    @Provide
    Arbitrary<List<ExecutionEvent>> arrivals() {
        return runs().flatMap(scenario -> Combinators.combine(
                        Arbitraries.shuffle(scenario.events()),
                        Arbitraries.integers().between(0, scenario.events().size() - 1).list().ofMaxSize(6))
                .as((shuffled, duplicated) -> {
                    List<ExecutionEvent> arrival = new ArrayList<>(shuffled);
                    for (int index : duplicated) { // redelivered, some with a fresh eventId
                        ExecutionEvent again = scenario.events().get(index);
                        arrival.add(Math.min(arrival.size(), index + 3),
                                index % 2 == 0 ? again : TfxRun.copyWithId(again, again.getEventId() + "-redelivered"));
                    }
                    return arrival;
                }));
    }

    @Property(tries = 400)
    void anyArrivalOrderWithDuplicatesGivesTheInOrderOutcome(@ForAll("arrivals") List<ExecutionEvent> arrival) {
        List<ExecutionEvent> inOrder = arrival.stream().distinct()
                .filter(e -> !e.getEventId().endsWith("-redelivered"))
                .sorted((a, b) -> a.getEventTime().compareTo(b.getEventTime()))
                .toList();

        assertThat(outcomeOf(arrival)).isEqualTo(outcomeOf(inOrder));
    }

    private static GraphletOutcome outcomeOf(List<ExecutionEvent> events) {
        GraphletAssembler assembler = new GraphletAssembler(new InMemoryGraphletStore(), SETTINGS, (cap, p) -> { });
        events.forEach(assembler::accept);
        List<GraphletOutcome> outcomes = outcomes(assembler.advance(T0 + Duration.ofDays(1).toMillis()));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private static List<GraphletOutcome> outcomes(List<FinalOutcome> finals) {
        return finals.stream().map(FinalOutcome::outcome).toList();
    }
}
