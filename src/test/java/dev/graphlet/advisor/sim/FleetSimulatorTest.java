package dev.graphlet.advisor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private static final SimulationSettings SMALL = new SimulationSettings(40, 20, 7L, 1.0, 0.85, SimulationSettings.DEFAULT_START);

    private static List<ExecutionEvent> all(FleetSimulator fleet) {
        List<ExecutionEvent> events = new ArrayList<>();
        while (fleet.hasNext()) {
            events.add(fleet.next());
        }
        return events;
    }

    @Test
    void theSameSettingsGiveTheSameEventsAndAnotherSeedOthers() {
        List<ExecutionEvent> first = all(new FleetSimulator(SMALL, run -> { }));
        List<ExecutionEvent> second = all(new FleetSimulator(SMALL, run -> { }));
        List<ExecutionEvent> reseeded = all(new FleetSimulator(new SimulationSettings(40, 20, 8L, 1.0, 0.85,
                SimulationSettings.DEFAULT_START), run -> { }));
        assertThat(first).isNotEmpty().isEqualTo(second);
        assertThat(reseeded).isNotEqualTo(first);
    }

    @Test
    void aFleetReportingALossIsTheSameFleetWithItsMetricMirrored() {
        List<ExecutionEvent> auc = all(new FleetSimulator(SMALL, run -> { }));
        List<ExecutionEvent> loss = all(new FleetSimulator(SMALL.withMetric(FleetMetric.LOSS), run -> { }));
        assertThat(loss).hasSameSizeAs(auc);
        int curvePoints = 0;
        int evaluations = 0;
        for (int i = 0; i < auc.size(); i++) {
            ExecutionEvent a = auc.get(i);
            ExecutionEvent l = loss.get(i);
            assertThat(l.getEventId()).isEqualTo(a.getEventId());
            assertThat(l.getState()).isEqualTo(a.getState());
            assertThat(l.getCost()).isEqualTo(a.getCost());
            assertThat(l.getEventTime()).isEqualTo(a.getEventTime());
            if (a.getMetrics().containsKey("auc")) { // the curve: step and loss, no AUC
                assertThat(l.getMetrics()).containsOnlyKeys("step", "loss").containsEntry("step", a.getMetrics().get("step"));
                assertThat(FleetMetric.LOSS.quality(l.getMetrics().get("loss"))).isCloseTo(a.getMetrics().get("auc"), within(1e-4));
                curvePoints++;
            }
            for (int o = 0; o < a.getOutputs().size(); o++) {
                Map<String, String> reported = a.getOutputs().get(o).getProperties();
                Map<String, String> mirrored = l.getOutputs().get(o).getProperties();
                if (a.getOutputs().get(o).getType().equals("ModelEvaluation")) {
                    assertThat(mirrored).containsOnlyKeys("loss");
                    assertThat(Double.parseDouble(mirrored.get("loss")))
                            .isCloseTo(FleetMetric.LOSS.report(Double.parseDouble(reported.get("auc"))), within(2.5e-4)); // both rounded
                    evaluations++;
                } else {
                    assertThat(mirrored).isEqualTo(reported);
                }
            }
        }
        assertThat(curvePoints).isPositive();
        assertThat(evaluations).isPositive();
    }

    @Test
    void eventsComeInEventTimeOrderWithUniqueIdsAndEveryRunHasTheDocumentedShape() {
        Map<String, PlannedRun> runs = new LinkedHashMap<>();
        List<ExecutionEvent> events = all(new FleetSimulator(SMALL, run -> runs.put(run.runId(), run)));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).getEventTime()).isAfterOrEqualTo(events.get(i - 1).getEventTime());
        }
        assertThat(events.stream().map(ExecutionEvent::getEventId).distinct().count()).isEqualTo(events.size());
        assertThat(runs).isNotEmpty();
        for (PlannedRun run : runs.values()) {
            long executions = run.events().stream().map(ExecutionEvent::getExecutionId).distinct().count();
            boolean trained = run.events().stream().anyMatch(e -> e.getComponentType().equals("Trainer") && !e.getMetrics().isEmpty());
            if (!run.failed()) { // a failing Trainer may stop before some progress reports
                assertThat(run.events()).hasSize((int) (PlannedRun.EVENTS_PER_EXECUTION * executions
                        + (trained ? PlannedRun.TRAINER_PROGRESS_EVENTS : 0)));
            }
            assertThat(run.events().get(0).getComponentType()).isEqualTo("ExampleGen");
            assertThat(run.events().get(0).getState()).isEqualTo(ExecutionState.RUNNING);
            if (run.cached()) {
                assertThat(run.costMilli()).isZero();
                assertThat(run.deploys()).isFalse();
            }
        }
    }

    @Test
    void runningReportsCarryCumulativeCostUpToTheFinalCost() {
        Map<String, List<ExecutionEvent>> byExecution = new HashMap<>();
        all(new FleetSimulator(SMALL, run -> { })).forEach(e -> byExecution.computeIfAbsent(e.getExecutionId(), k -> new ArrayList<>()).add(e));
        for (List<ExecutionEvent> execution : byExecution.values()) {
            double previous = 0;
            for (ExecutionEvent e : execution) {
                assertThat(e.getCost()).isGreaterThanOrEqualTo(previous);
                previous = e.getCost();
            }
        }
    }

    @Test
    void theDefaultRegimeLeavesMoreThanAThirdUndeployedAndDriftAndStructureChangesDriveIt() {
        Calibration calibration = new Calibration();
        all(new FleetSimulator(new SimulationSettings(200, 30, 3L, 1.0, 0.85, SimulationSettings.DEFAULT_START), calibration::accept));
        assertThat(1 - calibration.deployedShare()).isBetween(0.30, 0.55);
        String table = calibration.table(SMALL);
        assertThat(table).contains("| graphlets not deployed |");
        // Stronger drift, fewer deployments.
        Calibration drifting = new Calibration();
        all(new FleetSimulator(new SimulationSettings(200, 30, 3L, 4.0, 0.85, SimulationSettings.DEFAULT_START), drifting::accept));
        assertThat(drifting.deployedShare()).isLessThan(calibration.deployedShare() - 0.05);
    }

    @Test
    void aCancelledRunEndsItsOpenExecutionsAndNeverPushesSoThePipelineKeepsItsOlderModel() {
        SimulationSettings one = new SimulationSettings(1, 30, 11L, 0.0, 0.99, SimulationSettings.DEFAULT_START);
        Map<String, PlannedRun> runs = new LinkedHashMap<>();
        FleetSimulator fleet = new FleetSimulator(one, run -> runs.put(run.runId(), run));
        // Once a model is deployed, cancel the next run that would deploy, at its Trainer.
        List<ExecutionEvent> seen = new ArrayList<>();
        String cancelled = null;
        while (fleet.hasNext()) {
            ExecutionEvent e = fleet.next();
            seen.add(e);
            PlannedRun run = runs.get(e.getRunId());
            if (cancelled == null && fleet.hasDeployed(e.getPipelineId()) && run.deploys() && e.getComponentType().equals("Trainer")
                    && e.getState() == ExecutionState.RUNNING) {
                cancelled = run.runId();
                assertThat(fleet.cancel(cancelled, e.getEventTime().toEpochMilli() + 1)).isTrue();
                assertThat(fleet.cancel(cancelled, e.getEventTime().toEpochMilli() + 2)).isFalse();
            }
        }
        String id = cancelled;
        assertThat(id).isNotNull();
        List<ExecutionEvent> ofCancelled = seen.stream().filter(e -> id.equals(e.getRunId())).toList();
        assertThat(ofCancelled).noneMatch(e -> e.getComponentType().equals("Pusher"));
        assertThat(ofCancelled.get(ofCancelled.size() - 1).getState()).isEqualTo(ExecutionState.CANCELED);
        assertThat(ofCancelled.get(ofCancelled.size() - 1).getComponentType()).isEqualTo("Trainer");
        // Runs planned after the cancellation compare against an older deployed model, never the cancelled one's.
        List<PlannedRun> later = runs.values().stream().filter(r -> r.start() > ofCancelled.get(ofCancelled.size() - 1)
                .getEventTime().toEpochMilli()).toList();
        assertThat(later).isNotEmpty().allSatisfy(r -> assertThat(r.events()).filteredOn(e -> e.getComponentType().equals("Evaluator"))
                .allSatisfy(e -> assertThat(e.getInputs()).noneMatch(a -> a.getArtifactId().equals(id + "-model"))));
        assertThat(later.get(0).events()).filteredOn(e -> e.getComponentType().equals("Evaluator"))
                .allSatisfy(e -> assertThat(e.getInputs()).anyMatch(a -> a.getRole().equals("baseline_model")));
    }

}
