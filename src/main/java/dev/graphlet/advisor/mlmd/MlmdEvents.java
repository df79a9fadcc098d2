package dev.graphlet.advisor.mlmd;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an MLMD store's executions into ExecutionEvents: each execution becomes a RUNNING event at its start and a
 * terminal event at its end, in event-time order.
 * <ul>
 *   <li>pipeline: the execution's {@code pipeline} context (else its {@code pipeline_name} property); run: its
 *       {@code pipeline_run} (or legacy {@code run}) context, else its {@code run_id} property;</li>
 *   <li>component type: the execution type's last dotted segment ({@code tfx.components.trainer.component.Trainer}
 *       becomes {@code Trainer}; unknown types pass through by name); component id: its {@code component_id}
 *       property (older stores) or the type;</li>
 *   <li>state: {@code last_known_state} where the schema has it, else the {@code state} property, else COMPLETE;</li>
 *   <li>times: the execution's create and last-update times where the schema has them, else its events' times
 *       (start = earliest input, end = latest output; when those span under a second, as when older TFX records
 *       inputs and outputs together at publish time, the start is the previous execution's end), else its
 *       neighbours' in id order;</li>
 *   <li>cost: the execution property named by {@code costProperty} when present, else the duration in minutes
 *       (one cost unit per minute of wall time); CACHED costs 0;</li>
 *   <li>event ids: {@code mlmd:<pipeline>:<execution id>:start|end}, so importing twice publishes nothing new.</li>
 * </ul>
 */
public final class MlmdEvents {

    static final int INPUT = 3;
    static final int OUTPUT = 4;
    static final int DECLARED_OUTPUT = 1;
    static final int DECLARED_INPUT = 2;

    private MlmdEvents() {
    }

    public static List<ExecutionEvent> of(MlmdStore store, long afterExecutionId, Optional<String> costProperty) throws java.sql.SQLException {
        return of(store, afterExecutionId, Long.MAX_VALUE, costProperty);
    }

    /** As {@link #of(MlmdStore, long, Optional)}, plus executions last updated after {@code updatedAfter} where the schema says. */
    public static List<ExecutionEvent> of(MlmdStore store, long afterExecutionId, long updatedAfter, Optional<String> costProperty)
            throws java.sql.SQLException {
        Map<Long, MlmdStore.Context> contexts = store.contexts();
        if (contexts.values().stream().noneMatch(c -> c.typeName().equals("pipeline"))) {
            throw new MlmdException("The MLMD store has no pipeline contexts: not a store written by a TFX pipeline");
        }
        Map<Long, MlmdStore.Artifact> artifacts = store.artifacts();
        Map<Long, List<MlmdStore.Event>> byExecution = new HashMap<>();
        for (MlmdStore.Event event : store.events()) {
            byExecution.computeIfAbsent(event.executionId(), k -> new ArrayList<>()).add(event);
        }
        List<MlmdStore.Execution> executions = store.executions(afterExecutionId, updatedAfter);
        long[] starts = new long[executions.size()];
        long[] ends = new long[executions.size()];
        for (int i = 0; i < executions.size(); i++) {
            MlmdStore.Execution e = executions.get(i);
            List<MlmdStore.Event> events = byExecution.getOrDefault(e.id(), List.of());
            long inputMin = events.stream().filter(v -> isInput(v.type()) && v.time() > 0).mapToLong(MlmdStore.Event::time).min().orElse(-1);
            long outputMax = events.stream().filter(v -> isOutput(v.type()) && v.time() > 0).mapToLong(MlmdStore.Event::time).max().orElse(-1);
            long anyMin = events.stream().filter(v -> v.time() > 0).mapToLong(MlmdStore.Event::time).min().orElse(-1);
            starts[i] = e.createTime() > 0 ? e.createTime() : inputMin >= 0 ? inputMin : anyMin;
            ends[i] = e.updateTime() > 0 ? e.updateTime() : outputMax >= 0 ? outputMax : starts[i];
        }
        for (int i = 0; i < executions.size(); i++) { // no time of its own: its neighbours' in id order
            if (starts[i] < 0) {
                long before = -1;
                for (int j = i - 1; j >= 0 && before < 0; j--) {
                    before = ends[j] >= 0 ? ends[j] : -1;
                }
                long after = -1;
                for (int j = i + 1; j < executions.size() && after < 0; j++) {
                    after = starts[j];
                }
                starts[i] = before >= 0 ? before : Math.max(0, after);
                ends[i] = starts[i];
            }
            ends[i] = Math.max(ends[i], starts[i]);
            // Older TFX records an execution's inputs and outputs together when it publishes: its events then span
            // a moment, not its run. It ran after the execution before it, so it started when that one ended.
            if (executions.get(i).createTime() <= 0 && ends[i] - starts[i] < 1000 && i > 0 && ends[i - 1] < starts[i]) {
                starts[i] = ends[i - 1];
            }
        }
        List<ExecutionEvent> out = new ArrayList<>();
        for (int i = 0; i < executions.size(); i++) {
            MlmdStore.Execution e = executions.get(i);
            String pipeline = contextName(e, contexts, "pipeline").orElse(e.properties().getOrDefault("pipeline_name", "unknown-pipeline"));
            String run = contextName(e, contexts, "pipeline_run").or(() -> contextName(e, contexts, "run"))
                    .orElse(e.properties().get("run_id"));
            String type = shortName(e.typeName());
            String component = e.properties().getOrDefault("component_id", type);
            ExecutionState state = state(e);
            List<ArtifactRef> inputs = new ArrayList<>();
            List<ArtifactRef> outputs = new ArrayList<>();
            for (MlmdStore.Event event : byExecution.getOrDefault(e.id(), List.of())) {
                MlmdStore.Artifact artifact = artifacts.get(event.artifactId());
                if (artifact == null) {
                    continue;
                }
                if (isInput(event.type())) {
                    inputs.add(ref(artifact, event.key()));
                } else if (isOutput(event.type())) {
                    outputs.add(ref(artifact, event.key()));
                }
            }
            double cost = state == ExecutionState.CACHED || state == ExecutionState.CANCELED ? 0
                    : costProperty.map(p -> e.properties().get(p)).map(MlmdEvents::number)
                    .orElse((ends[i] - starts[i]) / 60_000.0);
            Map<String, String> properties = new HashMap<>();
            e.properties().forEach((k, v) -> {
                if (!k.equals("state") && v.length() <= 512) {
                    properties.put(k, v);
                }
            });
            String executionId = "mlmd-execution-" + e.id();
            String prefix = "mlmd:" + pipeline + ":" + e.id();
            out.add(event(prefix + ":start", starts[i], pipeline, run, executionId, component, type, ExecutionState.RUNNING,
                    inputs, List.of(), properties, 0.0));
            if (state != ExecutionState.NEW && state != ExecutionState.RUNNING) { // still running: its end comes later
                out.add(event(prefix + ":end", ends[i], pipeline, run, executionId, component, type, state, inputs,
                        state == ExecutionState.FAILED ? List.of() : outputs, properties, cost));
            }
        }
        out.sort(Comparator.comparing(ExecutionEvent::getEventTime).thenComparing(ExecutionEvent::getEventId));
        return out;
    }

    private static ExecutionEvent event(String eventId, long time, String pipeline, String run, String executionId,
                                        String component, String type, ExecutionState state, List<ArtifactRef> inputs,
                                        List<ArtifactRef> outputs, Map<String, String> properties, double cost) {
        return ExecutionEvent.newBuilder().setEventId(eventId).setEventTime(Instant.ofEpochMilli(time))
                .setPipelineId(pipeline).setRunId(run).setExecutionId(executionId).setComponentId(component)
                .setComponentType(type).setState(state).setInputs(new ArrayList<>(inputs)).setOutputs(new ArrayList<>(outputs))
                .setProperties(new HashMap<>(properties)).setCost(cost).setMetrics(new HashMap<>()).build();
    }

    private static ArtifactRef ref(MlmdStore.Artifact artifact, String role) {
        Map<String, String> properties = new HashMap<>();
        artifact.properties().forEach((k, v) -> {
            if (v.length() <= 512) {
                properties.put(k, v);
            }
        });
        return ArtifactRef.newBuilder().setArtifactId("mlmd-artifact-" + artifact.id()).setType(shortName(artifact.typeName()))
                .setRole(role).setUri(artifact.uri())
                .setSpan(longOrNull(artifact.properties().get("span"))).setVersion(longOrNull(artifact.properties().get("version")))
                .setFingerprint(artifact.properties().getOrDefault("fingerprint", artifact.properties().get("input_fingerprint")))
                .setProperties(properties).build();
    }

    static ExecutionState state(MlmdStore.Execution e) {
        if (e.lastKnownState() != null && e.lastKnownState() > 0) {
            return switch (e.lastKnownState()) {
                case 1 -> ExecutionState.NEW;
                case 2 -> ExecutionState.RUNNING;
                case 4 -> ExecutionState.FAILED;
                case 5 -> ExecutionState.CACHED;
                case 6 -> ExecutionState.CANCELED;
                default -> ExecutionState.COMPLETE;
            };
        }
        String state = e.properties().getOrDefault("state", "complete").trim().toLowerCase(Locale.ROOT);
        return switch (state) {
            case "cached" -> ExecutionState.CACHED;
            case "failed" -> ExecutionState.FAILED;
            case "canceled", "cancelled" -> ExecutionState.CANCELED;
            case "running" -> ExecutionState.RUNNING;
            case "new" -> ExecutionState.NEW;
            default -> ExecutionState.COMPLETE;
        };
    }

    /** {@code tfx.components.trainer.component.Trainer} -> {@code Trainer}; other names pass through. */
    static String shortName(String typeName) {
        int dot = typeName.lastIndexOf('.');
        return dot >= 0 && dot < typeName.length() - 1 ? typeName.substring(dot + 1) : typeName;
    }

    private static Optional<String> contextName(MlmdStore.Execution e, Map<Long, MlmdStore.Context> contexts, String type) {
        return e.contexts().stream().map(contexts::get).filter(c -> c != null && c.typeName().equals(type))
                .map(MlmdStore.Context::name).findFirst();
    }

    private static boolean isInput(int type) {
        return type == INPUT || type == DECLARED_INPUT;
    }

    private static boolean isOutput(int type) {
        return type == OUTPUT || type == DECLARED_OUTPUT;
    }

    private static Double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Long longOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
