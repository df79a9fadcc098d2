package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.state.ArtifactLink;
import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.PipelineState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/** A {@link GraphletStore} in maps: for tests and for evaluation that runs without a broker. */
public final class InMemoryGraphletStore implements GraphletStore {

    private record Key(String pipelineId, String id) {
    }

    private final Map<Key, GraphletState> graphlets = new TreeMap<>(Comparator
            .comparing(Key::pipelineId).thenComparing(Key::id));
    private final Map<String, PipelineState> pipelines = new HashMap<>();
    private final Map<Key, FinalGraphlet> finals = new HashMap<>();
    private final Map<Key, String> executions = new HashMap<>();
    private final Map<Key, ArtifactLink> artifacts = new HashMap<>();
    private final Map<Key, String> aliases = new HashMap<>();
    private final TreeSet<ScheduledTask> schedule = new TreeSet<>();

    @Override
    public Optional<GraphletState> graphlet(String pipelineId, String graphletId) {
        return Optional.ofNullable(graphlets.get(new Key(pipelineId, graphletId))).map(GraphletStates::copy);
    }

    @Override
    public void putGraphlet(GraphletState graphlet) {
        graphlets.put(new Key(graphlet.getPipelineId(), graphlet.getGraphletId()), GraphletStates.copy(graphlet));
    }

    @Override
    public void deleteGraphlet(String pipelineId, String graphletId) {
        graphlets.remove(new Key(pipelineId, graphletId));
    }

    @Override
    public void forEachGraphlet(Consumer<GraphletState> action) {
        new ArrayList<>(graphlets.values()).forEach(g -> action.accept(GraphletStates.copy(g)));
    }

    @Override
    public Optional<PipelineState> pipeline(String pipelineId) {
        return Optional.ofNullable(pipelines.get(pipelineId)).map(p -> PipelineState.newBuilder(p).build());
    }

    @Override
    public void putPipeline(PipelineState pipeline) {
        pipelines.put(pipeline.getPipelineId(), PipelineState.newBuilder(pipeline).build());
    }

    @Override
    public Optional<FinalGraphlet> finalGraphlet(String pipelineId, String graphletId) {
        return Optional.ofNullable(finals.get(new Key(pipelineId, graphletId)));
    }

    @Override
    public void putFinalGraphlet(String pipelineId, FinalGraphlet marker) {
        finals.put(new Key(pipelineId, marker.getGraphletId()), marker);
    }

    @Override
    public void deleteFinalGraphlet(String pipelineId, String graphletId) {
        finals.remove(new Key(pipelineId, graphletId));
    }

    @Override
    public Optional<String> executionGraphlet(String pipelineId, String executionId) {
        return Optional.ofNullable(executions.get(new Key(pipelineId, executionId)));
    }

    @Override
    public void putExecutionGraphlet(String pipelineId, String executionId, String graphletId) {
        executions.put(new Key(pipelineId, executionId), graphletId);
    }

    @Override
    public void deleteExecutionGraphlet(String pipelineId, String executionId) {
        executions.remove(new Key(pipelineId, executionId));
    }

    @Override
    public Optional<ArtifactLink> artifact(String pipelineId, String artifactId) {
        return Optional.ofNullable(artifacts.get(new Key(pipelineId, artifactId))).map(a -> ArtifactLink.newBuilder(a).build());
    }

    @Override
    public void putArtifact(String pipelineId, String artifactId, ArtifactLink link) {
        artifacts.put(new Key(pipelineId, artifactId), ArtifactLink.newBuilder(link).build());
    }

    @Override
    public void deleteArtifact(String pipelineId, String artifactId) {
        artifacts.remove(new Key(pipelineId, artifactId));
    }

    @Override
    public Optional<String> alias(String pipelineId, String graphletId) {
        return Optional.ofNullable(aliases.get(new Key(pipelineId, graphletId)));
    }

    @Override
    public void putAlias(String pipelineId, String graphletId, String target) {
        aliases.put(new Key(pipelineId, graphletId), target);
    }

    @Override
    public void deleteAlias(String pipelineId, String graphletId) {
        aliases.remove(new Key(pipelineId, graphletId));
    }

    @Override
    public void schedule(ScheduledTask task) {
        schedule.add(task);
    }

    @Override
    public void unschedule(ScheduledTask task) {
        schedule.remove(task);
    }

    @Override
    public List<ScheduledTask> due(long time) {
        return new ArrayList<>(schedule.headSet(new ScheduledTask(time, ScheduledTask.Kind.FORGET, "\uffff", "\uffff"), true));
    }

    /**
     * Bytes held, with values sized by the given functions and keys as the Streams stores encode them
     * ({@code pipelineId NUL id}, schedule keys 9 bytes plus ids).
     */
    public long bytes(ToIntFunction<GraphletState> graphlet, ToIntFunction<PipelineState> pipeline,
                      ToIntFunction<FinalGraphlet> fin, ToIntFunction<ArtifactLink> artifact) {
        long total = 0;
        for (var e : graphlets.entrySet()) {
            total += keyBytes(e.getKey()) + graphlet.applyAsInt(e.getValue());
        }
        for (var e : pipelines.entrySet()) {
            total += e.getKey().length() + pipeline.applyAsInt(e.getValue());
        }
        for (var e : finals.entrySet()) {
            total += keyBytes(e.getKey()) + fin.applyAsInt(e.getValue());
        }
        for (var e : executions.entrySet()) {
            total += keyBytes(e.getKey()) + e.getValue().length();
        }
        for (var e : artifacts.entrySet()) {
            total += keyBytes(e.getKey()) + artifact.applyAsInt(e.getValue());
        }
        for (var e : aliases.entrySet()) {
            total += keyBytes(e.getKey()) + e.getValue().length();
        }
        for (ScheduledTask task : schedule) {
            total += 9 + task.pipelineId().length() + 1 + task.graphletId().length();
        }
        return total;
    }

    private static int keyBytes(Key key) {
        return key.pipelineId().length() + 1 + key.id().length();
    }

    /** Entries held, per kind: for tests of the state bounds. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        sizes.put("graphlets", graphlets.size());
        sizes.put("pipelines", pipelines.size());
        sizes.put("finals", finals.size());
        sizes.put("executions", executions.size());
        sizes.put("artifacts", artifacts.size());
        sizes.put("aliases", aliases.size());
        sizes.put("schedule", schedule.size());
        return sizes;
    }
}
