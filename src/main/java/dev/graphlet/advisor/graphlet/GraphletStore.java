package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.state.ArtifactLink;
import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.PipelineState;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The state the graphlet assembler reads and writes, one small entry per key: open graphlets, pipeline
 * summaries, the lineage indexes, final-graphlet markers and the closing schedule. Backed by Kafka Streams
 * stores in the topology and by maps in {@link InMemoryGraphletStore}; every key is scoped by pipelineId.
 */
public interface GraphletStore {

    Optional<GraphletState> graphlet(String pipelineId, String graphletId);

    void putGraphlet(GraphletState graphlet);

    void deleteGraphlet(String pipelineId, String graphletId);

    /** Every open graphlet (end-of-input flush only: not for the per-event path). */
    void forEachGraphlet(Consumer<GraphletState> action);

    Optional<PipelineState> pipeline(String pipelineId);

    void putPipeline(PipelineState pipeline);

    Optional<FinalGraphlet> finalGraphlet(String pipelineId, String graphletId);

    void putFinalGraphlet(String pipelineId, FinalGraphlet marker);

    void deleteFinalGraphlet(String pipelineId, String graphletId);

    /** Lineage: the graphlet an execution belongs to. */
    Optional<String> executionGraphlet(String pipelineId, String executionId);

    void putExecutionGraphlet(String pipelineId, String executionId, String graphletId);

    void deleteExecutionGraphlet(String pipelineId, String executionId);

    /** Lineage: producer and waiting consumers of an artifact. */
    Optional<ArtifactLink> artifact(String pipelineId, String artifactId);

    void putArtifact(String pipelineId, String artifactId, ArtifactLink link);

    void deleteArtifact(String pipelineId, String artifactId);

    /** Lineage: the graphlet a merged graphlet became part of. */
    Optional<String> alias(String pipelineId, String graphletId);

    void putAlias(String pipelineId, String graphletId, String target);

    void deleteAlias(String pipelineId, String graphletId);

    void schedule(ScheduledTask task);

    void unschedule(ScheduledTask task);

    /** Tasks due at or before {@code time}, in (time, kind, pipelineId, graphletId) order. */
    List<ScheduledTask> due(long time);
}
