package dev.graphlet.advisor.serde;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of {@code src/test/js/records.json}, built in Java. Maps keep the JSON's insertion order because
 * Avro writes map entries in iteration order: same order, same bytes.
 */
public final class GoldenRecords {

    private GoldenRecords() {
    }

    public static List<ExecutionEvent> all() {
        return List.of(trainerRunning(), pusherComplete(), edgeCases());
    }

    static ExecutionEvent trainerRunning() {
        return ExecutionEvent.newBuilder()
                .setEventId("evt-0001")
                .setEventTime(Instant.ofEpochMilli(1718000000000L))
                .setPipelineId("pipeline-chicago-taxi")
                .setRunId("run-2024-06-10T06:00")
                .setExecutionId("exec-17")
                .setComponentId("Trainer")
                .setComponentType("Trainer")
                .setState(ExecutionState.RUNNING)
                .setInputs(List.of(
                        artifact("art-examples-9", "examples", "Examples", "gs://bucket/examples/9", 9L, 1L, "sha256:0af3",
                                ordered("split_names", "train,eval")),
                        artifact("art-transform-4", "transform_graph", "TransformGraph", null, null, null, null, Map.of())))
                .setOutputs(List.of())
                .setProperties(ordered("module_fingerprint", "c0ffee", "hparams_fingerprint", "beef"))
                .setCost(12.75)
                .setMetrics(orderedDoubles("step", 400.0, "loss", 0.3125))
                .build();
    }

    static ExecutionEvent pusherComplete() {
        return ExecutionEvent.newBuilder()
                .setEventId("evt-0002")
                .setEventTime(Instant.ofEpochMilli(1718000360000L))
                .setPipelineId("pipeline-chicago-taxi")
                .setRunId(null)
                .setExecutionId("exec-18")
                .setComponentId("Pusher")
                .setComponentType("Pusher")
                .setState(ExecutionState.COMPLETE)
                .setInputs(List.of(artifact("art-model-3", "model", "Model", null, null, null, null, Map.of())))
                .setOutputs(List.of(artifact("art-pushed-3", "pushed_model", "PushedModel", "/serving/model/3", null, null, null,
                        ordered("pushed", "1", "pushed_version", "3"))))
                .setProperties(Map.of())
                .setCost(null)
                .setMetrics(Map.of())
                .build();
    }

    static ExecutionEvent edgeCases() {
        return ExecutionEvent.newBuilder()
                .setEventId("evt-0003-ünïcødé")
                .setEventTime(Instant.ofEpochMilli(0))
                .setPipelineId("p")
                .setRunId("")
                .setExecutionId("exec--1")
                .setComponentId("custom/Node")
                .setComponentType("CustomScorer")
                .setState(ExecutionState.CANCELED)
                .setInputs(List.of())
                .setOutputs(List.of())
                .setProperties(Map.of())
                .setCost(-0.0)
                .setMetrics(orderedDoubles("big", 1e300, "tiny", -2.5e-300))
                .build();
    }

    private static ArtifactRef artifact(String id, String role, String type, String uri, Long span, Long version,
                                        String fingerprint, Map<String, String> properties) {
        return ArtifactRef.newBuilder().setArtifactId(id).setType(type).setUri(uri).setSpan(span).setVersion(version)
                .setFingerprint(fingerprint).setRole(role).setProperties(properties).build();
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Double> orderedDoubles(Object... keyValues) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], (Double) keyValues[i + 1]);
        }
        return map;
    }
}
