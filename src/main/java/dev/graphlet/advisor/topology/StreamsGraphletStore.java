package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.graphlet.GraphletStore;
import dev.graphlet.advisor.graphlet.ScheduledTask;
import dev.graphlet.advisor.state.ArtifactLink;
import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.PipelineState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link GraphletStore} over the task's Kafka Streams stores. Keys are {@code pipelineId NUL id} (ids with NUL are
 * rejected upstream); the closing schedule is keyed by big-endian time first, so what is due is a range scan.
 */
final class StreamsGraphletStore implements GraphletStore {

    private static final char SEPARATOR = '\u0000';
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<String, GraphletState> graphlets;
    private final KeyValueStore<String, PipelineState> pipelines;
    private final KeyValueStore<String, FinalGraphlet> finals;
    private final KeyValueStore<String, String> executions;
    private final KeyValueStore<String, ArtifactLink> artifacts;
    private final KeyValueStore<String, String> aliases;
    private final KeyValueStore<Bytes, byte[]> schedule;
    // A lower bound of every scheduled time: most punctuations skip the range scan, and a scan starts here, not at the
    // first key, so it does not wade through the deletions of tasks already done (RocksDB keeps them as tombstones
    // until compaction). Unknown after a restart (the first scan starts at 0); unscheduling leaves it low.
    private long nextDue = Long.MIN_VALUE;

    StreamsGraphletStore(ProcessorContext<?, ?> context) {
        this.graphlets = context.getStateStore(StoreNames.GRAPHLETS);
        this.pipelines = context.getStateStore(StoreNames.PIPELINES);
        this.finals = context.getStateStore(StoreNames.FINALS);
        this.executions = context.getStateStore(StoreNames.EXECUTIONS);
        this.artifacts = context.getStateStore(StoreNames.ARTIFACTS);
        this.aliases = context.getStateStore(StoreNames.ALIASES);
        this.schedule = context.getStateStore(StoreNames.SCHEDULE);
    }

    static String key(String pipelineId, String id) {
        return pipelineId + SEPARATOR + id;
    }

    @Override
    public Optional<GraphletState> graphlet(String pipelineId, String graphletId) {
        return Optional.ofNullable(graphlets.get(key(pipelineId, graphletId)));
    }

    @Override
    public void putGraphlet(GraphletState graphlet) {
        graphlets.put(key(graphlet.getPipelineId(), graphlet.getGraphletId()), graphlet);
    }

    @Override
    public void deleteGraphlet(String pipelineId, String graphletId) {
        graphlets.delete(key(pipelineId, graphletId));
    }

    @Override
    public void forEachGraphlet(Consumer<GraphletState> action) {
        List<GraphletState> all = new ArrayList<>();
        try (KeyValueIterator<String, GraphletState> iterator = graphlets.all()) {
            iterator.forEachRemaining(entry -> all.add(entry.value));
        }
        all.forEach(action);
    }

    @Override
    public Optional<PipelineState> pipeline(String pipelineId) {
        return Optional.ofNullable(pipelines.get(pipelineId));
    }

    @Override
    public void putPipeline(PipelineState pipeline) {
        pipelines.put(pipeline.getPipelineId(), pipeline);
    }

    @Override
    public Optional<FinalGraphlet> finalGraphlet(String pipelineId, String graphletId) {
        return Optional.ofNullable(finals.get(key(pipelineId, graphletId)));
    }

    @Override
    public void putFinalGraphlet(String pipelineId, FinalGraphlet marker) {
        finals.put(key(pipelineId, marker.getGraphletId()), marker);
    }

    @Override
    public void deleteFinalGraphlet(String pipelineId, String graphletId) {
        finals.delete(key(pipelineId, graphletId));
    }

    @Override
    public Optional<String> executionGraphlet(String pipelineId, String executionId) {
        return Optional.ofNullable(executions.get(key(pipelineId, executionId)));
    }

    @Override
    public void putExecutionGraphlet(String pipelineId, String executionId, String graphletId) {
        executions.put(key(pipelineId, executionId), graphletId);
    }

    @Override
    public void deleteExecutionGraphlet(String pipelineId, String executionId) {
        executions.delete(key(pipelineId, executionId));
    }

    @Override
    public Optional<ArtifactLink> artifact(String pipelineId, String artifactId) {
        return Optional.ofNullable(artifacts.get(key(pipelineId, artifactId)));
    }

    @Override
    public void putArtifact(String pipelineId, String artifactId, ArtifactLink link) {
        artifacts.put(key(pipelineId, artifactId), link);
    }

    @Override
    public void deleteArtifact(String pipelineId, String artifactId) {
        artifacts.delete(key(pipelineId, artifactId));
    }

    @Override
    public Optional<String> alias(String pipelineId, String graphletId) {
        return Optional.ofNullable(aliases.get(key(pipelineId, graphletId)));
    }

    @Override
    public void putAlias(String pipelineId, String graphletId, String target) {
        aliases.put(key(pipelineId, graphletId), target);
    }

    @Override
    public void deleteAlias(String pipelineId, String graphletId) {
        aliases.delete(key(pipelineId, graphletId));
    }

    @Override
    public void schedule(ScheduledTask task) {
        schedule.put(encode(task), EMPTY);
        nextDue = Math.min(nextDue, Math.max(0, task.time()));
    }

    @Override
    public void unschedule(ScheduledTask task) {
        schedule.delete(encode(task));
    }

    @Override
    public List<ScheduledTask> due(long time) {
        List<ScheduledTask> due = new ArrayList<>();
        if (time < 0 || time < nextDue) {
            return due;
        }
        // Every key is longer than 8 bytes, so the bare 8-byte prefix of time+1 bounds the times <= time.
        Bytes lower = Bytes.wrap(ByteBuffer.allocate(8).putLong(Math.max(0, nextDue)).array());
        Bytes upper = Bytes.wrap(ByteBuffer.allocate(8).putLong(time + 1).array());
        try (KeyValueIterator<Bytes, byte[]> iterator = schedule.range(lower, upper)) {
            while (iterator.hasNext()) {
                KeyValue<Bytes, byte[]> entry = iterator.next();
                due.add(decode(entry.key.get()));
            }
        }
        try (KeyValueIterator<Bytes, byte[]> later = schedule.range(upper, null)) {
            nextDue = later.hasNext() ? ByteBuffer.wrap(later.next().key.get()).getLong() : Long.MAX_VALUE;
        }
        return due;
    }

    static Bytes encode(ScheduledTask task) {
        byte[] ids = (task.pipelineId() + SEPARATOR + task.graphletId()).getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(9 + ids.length).putLong(Math.max(0, task.time()))
                .put((byte) task.kind().ordinal()).put(ids).array());
    }

    static ScheduledTask decode(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        long time = buffer.getLong();
        ScheduledTask.Kind kind = ScheduledTask.Kind.values()[buffer.get()];
        String ids = new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
        int separator = ids.indexOf(SEPARATOR);
        return new ScheduledTask(time, kind, ids.substring(0, separator), ids.substring(separator + 1));
    }
}
