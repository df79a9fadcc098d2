package dev.graphlet.advisor.bench;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the events of one TFX-style pipeline run: ExampleGen, StatisticsGen, SchemaGen, Transform, Trainer,
 * Evaluator and Pusher, each reporting RUNNING (cumulative cost) and a terminal event (final cost, outputs).
 * Costs: every component 1.0 except the Trainer, 10.0. Times: one minute apart from {@code start}.
 */
public final class TfxRun {

    public static final long MINUTE = 60_000L;

    private final String pipelineId;
    private final String runId;
    private final String prefix;
    private final long start;
    private String blessed = "1";
    private String pushed = "1";
    private ExecutionState pusherState = ExecutionState.COMPLETE;
    private ExecutionState trainerState = ExecutionState.COMPLETE;
    private String baselineModel;
    private final List<ExecutionEvent> events = new ArrayList<>();
    private int sequence;
    private long clock;

    private TfxRun(String pipelineId, String runId, String prefix, long start) {
        this.pipelineId = pipelineId;
        this.runId = runId;
        this.prefix = prefix;
        this.start = start;
    }

    /** A run reported with its runId ({@code prefix} names its executions and artifacts). */
    public static TfxRun withRunId(String pipelineId, String prefix, long start) {
        return new TfxRun(pipelineId, prefix, prefix, start);
    }

    /** A run without runId: only lineage links its executions. */
    public static TfxRun lineageOnly(String pipelineId, String prefix, long start) {
        return new TfxRun(pipelineId, null, prefix, start);
    }

    public TfxRun blessed(String value) {
        this.blessed = value;
        return this;
    }

    public TfxRun pushed(String value) {
        this.pushed = value;
        return this;
    }

    public TfxRun pusher(ExecutionState state) {
        this.pusherState = state;
        return this;
    }

    public TfxRun trainer(ExecutionState state) {
        this.trainerState = state;
        return this;
    }

    public TfxRun baseline(String modelArtifactId) {
        this.baselineModel = modelArtifactId;
        return this;
    }

    public String modelArtifact() {
        return prefix + "-model";
    }

    /** The run's events, in the order a well-behaved orchestrator reports them. */
    public List<ExecutionEvent> events() {
        events.clear();
        clock = start;
        String examples = prefix + "-examples";
        String stats = prefix + "-stats";
        String schema = prefix + "-schema";
        String graph = prefix + "-transform-graph";
        String transformed = prefix + "-transformed";
        String blessing = prefix + "-blessing";
        execution("ExampleGen", 1.0, List.of(), List.of(artifact(examples, "Examples", "examples", Map.of())), ExecutionState.COMPLETE);
        execution("StatisticsGen", 1.0, List.of(artifact(examples, "Examples", "examples", Map.of())),
                List.of(artifact(stats, "ExampleStatistics", "statistics", Map.of())), ExecutionState.COMPLETE);
        execution("SchemaGen", 1.0, List.of(artifact(stats, "ExampleStatistics", "statistics", Map.of())),
                List.of(artifact(schema, "Schema", "schema", Map.of())), ExecutionState.COMPLETE);
        execution("Transform", 1.0, List.of(artifact(examples, "Examples", "examples", Map.of()),
                        artifact(schema, "Schema", "schema", Map.of())),
                List.of(artifact(graph, "TransformGraph", "transform_graph", Map.of()),
                        artifact(transformed, "Examples", "transformed_examples", Map.of())), ExecutionState.COMPLETE);
        List<ArtifactRef> trainerInputs = List.of(artifact(transformed, "Examples", "examples", Map.of()),
                artifact(graph, "TransformGraph", "transform_graph", Map.of()));
        String trainer = prefix + "-Trainer";
        event(trainer, "Trainer", ExecutionState.RUNNING, trainerInputs, List.of(), 2.0, Map.of("step", 100.0, "loss", 0.9));
        event(trainer, "Trainer", ExecutionState.RUNNING, trainerInputs, List.of(), 6.0, Map.of("step", 200.0, "loss", 0.5));
        if (trainerState != ExecutionState.COMPLETE) {
            event(trainer, "Trainer", trainerState, trainerInputs, List.of(), 7.0, Map.of());
            return List.copyOf(events);
        }
        event(trainer, "Trainer", ExecutionState.COMPLETE, trainerInputs,
                List.of(artifact(modelArtifact(), "Model", "model", Map.of())), 10.0, Map.of());
        List<ArtifactRef> evaluatorInputs = new ArrayList<>();
        evaluatorInputs.add(artifact(modelArtifact(), "Model", "model", Map.of()));
        if (baselineModel != null) {
            evaluatorInputs.add(artifact(baselineModel, "Model", "baseline_model", Map.of()));
        }
        execution("Evaluator", 1.0, evaluatorInputs,
                List.of(artifact(blessing, "ModelBlessing", "blessing", Map.of("blessed", blessed))), ExecutionState.COMPLETE);
        List<ArtifactRef> pusherInputs = List.of(artifact(modelArtifact(), "Model", "model", Map.of()),
                artifact(blessing, "ModelBlessing", "model_blessing", Map.of()));
        List<ArtifactRef> pusherOutputs = pusherState == ExecutionState.COMPLETE
                ? List.of(artifact(prefix + "-pushed", "PushedModel", "pushed_model", Map.of("pushed", pushed)))
                : List.of();
        execution("Pusher", 1.0, pusherInputs, pusherOutputs, pusherState);
        return List.copyOf(events);
    }

    private void execution(String component, double cost, List<ArtifactRef> inputs, List<ArtifactRef> outputs,
                           ExecutionState terminal) {
        String executionId = prefix + "-" + component;
        event(executionId, component, ExecutionState.RUNNING, inputs, List.of(), cost / 2, Map.of());
        event(executionId, component, terminal, inputs, outputs, terminal == ExecutionState.CANCELED ? 0.0 : cost, Map.of());
    }

    private void event(String executionId, String component, ExecutionState state, List<ArtifactRef> inputs,
                       List<ArtifactRef> outputs, double cost, Map<String, Double> metrics) {
        clock += MINUTE;
        events.add(ExecutionEvent.newBuilder()
                .setEventId(prefix + "-e" + (++sequence))
                .setEventTime(Instant.ofEpochMilli(clock))
                .setPipelineId(pipelineId)
                .setRunId(runId)
                .setExecutionId(executionId)
                .setComponentId(component)
                .setComponentType(component)
                .setState(state)
                .setInputs(new ArrayList<>(inputs))
                .setOutputs(new ArrayList<>(outputs))
                .setProperties(new HashMap<>())
                .setCost(cost)
                .setMetrics(new HashMap<>(metrics))
                .build());
    }

    private static ArtifactRef artifact(String id, String type, String role, Map<String, String> properties) {
        return ArtifactRef.newBuilder().setArtifactId(id).setType(type).setRole(role)
                .setProperties(new HashMap<>(properties)).build();
    }

    public static ExecutionEvent copyWithId(ExecutionEvent event, String eventId) {
        return ExecutionEvent.newBuilder(event).setEventId(eventId).build();
    }
}
