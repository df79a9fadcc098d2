package dev.graphlet.advisor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.graphlet.AssemblySettings;
import dev.graphlet.advisor.graphlet.FinalOutcome;
import dev.graphlet.advisor.graphlet.GraphletAssembler;
import dev.graphlet.advisor.graphlet.InMemoryGraphletStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The graphlet assembly reads the simulated fleet as the simulator meant it: one outcome per run, the same labels and costs. */
class SimulatedFleetAssemblyTest {

    @Test
    void everySimulatedRunBecomesOneOutcomeWithItsPlannedDeploymentAndCost() {
        SimulationSettings settings = new SimulationSettings(60, 30, 21L, 1.0, 0.85, SimulationSettings.DEFAULT_START);
        Map<String, PlannedRun> plans = new HashMap<>();
        FleetSimulator fleet = new FleetSimulator(settings, run -> plans.put(run.runId(), run));
        GraphletAssembler assembler = new GraphletAssembler(new InMemoryGraphletStore(), AssemblySettings.DEFAULTS, (cap, p) -> { });
        List<GraphletOutcome> outcomes = new ArrayList<>();
        while (fleet.hasNext()) {
            ExecutionEvent event = fleet.next();
            assembler.accept(event).outcomes().forEach(o -> outcomes.add(o.outcome()));
            assembler.advance(event.getEventTime().toEpochMilli()).forEach(o -> outcomes.add(o.outcome()));
        }
        assembler.flushOpen().stream().map(FinalOutcome::outcome).forEach(outcomes::add);

        assertThat(outcomes).hasSize(plans.size());
        assertThat(outcomes).noneMatch(o -> o.getReason() == OutcomeReason.TIMED_OUT);
        for (GraphletOutcome outcome : outcomes) {
            PlannedRun plan = plans.get(outcome.getRunId());
            if (outcome.getReason() == OutcomeReason.OPEN) {
                continue;
            }
            assertThat(outcome.getDeployed()).as(outcome.getRunId()).isEqualTo(plan.deploys());
            assertThat(outcome.getTotalCostMilli()).as(outcome.getRunId()).isEqualTo(plan.costMilli());
            assertThat(outcome.getReason() == OutcomeReason.FAILED).as(outcome.getRunId()).isEqualTo(plan.failed());
        }
    }
}
