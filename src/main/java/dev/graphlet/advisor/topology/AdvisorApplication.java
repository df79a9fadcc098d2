package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.local.TopicRetention;
import dev.graphlet.advisor.scoring.Advising;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import java.util.Optional;
import java.util.Set;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import dev.graphlet.advisor.state.PipelineState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running advisor instance: the topology in a {@link KafkaStreams}, with the stream-thread policy the design
 * asks for (a thread that died of a transient failure is replaced and re-reads from its last commit).
 */
public final class AdvisorApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisorApplication.class);

    private final KafkaStreams streams;
    private final AdvisorCounters counters;
    private final RocksDbMemory memory;

    private AdvisorApplication(KafkaStreams streams, AdvisorCounters counters, RocksDbMemory memory) {
        this.streams = streams;
        this.counters = counters;
        this.memory = memory;
    }

    /** Builds (does not start) an instance from the shared configuration. */
    public static AdvisorApplication create(AdvisorConfig config, Optional<Advising> advising) {
        AdvisorSettings settings = AdvisorSettings.from(config).withInputPartitions(eventPartitions(config, advising.isPresent()));
        AdvisorCounters counters = new AdvisorCounters();
        RocksDbMemory memory = new RocksDbMemory(StreamsProperties.rocksDbBytes(config));
        Properties props = StreamsProperties.of(config, settings, counters, memory);
        StreamsBuilder builder = new StreamsBuilder();
        AdvisorTopology.build(builder, settings, AdvisorTopics.of(settings.topics(), config.clientProperties()), advising, counters);
        Topology topology = builder.build(props);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(failure -> {
            LOG.warn("Stream thread failed; replacing it (records are re-read from the last commit): {}", failure.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return new AdvisorApplication(streams, counters, memory);
    }

    /** Partitions of the events topic, which must exist (the feedback topic must have as many). */
    static int eventPartitions(AdvisorConfig config, boolean scoring) {
        String events = config.topics().events();
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            try {
                admin.describeTopics(List.of(scoring ? config.topics().control() : events)).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot describe the control topic " + config.topics().control() + ": "
                        + e.getCause().getMessage() + " (create it compacted, e.g. with ./advisor local, or name another with advisor.topic.control)");
            }
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(events, config.topics().feedback()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            int eventPartitions = topics.get(events).partitions().size();
            int feedbackPartitions = topics.get(config.topics().feedback()).partitions().size();
            if (eventPartitions != feedbackPartitions) {
                throw new IllegalStateException("Topics " + events + " (" + eventPartitions + " partitions) and "
                        + config.topics().feedback() + " (" + feedbackPartitions + ") must have the same partition count:"
                        + " a pipeline's events and feedback are processed together");
            }
            TopicRetention.consumedTopicWarning(events, TopicRetention.retentionMs(admin, events)).ifPresent(LOG::warn);
            return eventPartitions;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe the input topics " + events + " and "
                    + config.topics().feedback() + ": " + e.getCause().getMessage()
                    + " (create them, e.g. with ./advisor local, or name others with advisor.topic.events / advisor.topic.feedback)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out describing the input topics at " + config.bootstrapServers());
        }
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * The pipeline's open graphlets, from this instance's store; empty when another instance owns the pipeline.
     *
     * @param owner where the pipeline's state lives ({@link #owner}), or null when unknown
     */
    public Optional<List<String>> openGraphlets(String pipelineId, KeyQueryMetadata owner) {
        if (owner == null || owner.activeHost() == null || !isLocal(owner)) {
            return Optional.empty();
        }
        // Interactive query v2: served by the store below the live objects, as of the task's last commit.
        StateQueryResult<PipelineState> result = streams.query(StateQueryRequest.inStore(StoreNames.PIPELINES)
                .withQuery(KeyQuery.<String, PipelineState>withKey(pipelineId))
                .withPartitions(Set.of(owner.partition())));
        QueryResult<PipelineState> answer = result.getPartitionResults().get(owner.partition());
        if (answer == null || answer.isFailure()) {
            throw new IllegalStateException("The state of pipeline '" + pipelineId + "' is not available now"
                    + (answer == null ? "" : ": " + answer.getFailureMessage()) + "; try again");
        }
        PipelineState state = answer.getResult();
        return Optional.of(state == null ? List.of() : List.copyOf(state.getOpenGraphlets()));
    }

    /** Where the pipeline's state lives (host:port of its instance, from application.server), or null when unknown. */
    public KeyQueryMetadata owner(String pipelineId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.PIPELINES, pipelineId, Serdes.String().serializer());
        return metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE ? null : metadata;
    }

    private boolean isLocal(KeyQueryMetadata owner) {
        return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .anyMatch(task -> task.taskId().partition() == owner.partition());
    }

    /** A setting of the control topic (global store), or null; null as well when scoring is off. */
    public String controlValue(String key) {
        try {
            ReadOnlyKeyValueStore<String, String> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.CONTROL, QueryableStoreTypes.<String, String>keyValueStore()));
            return store.get(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public AdvisorCounters counters() {
        return counters;
    }

    /** Stops processing, committing what was processed, within the timeout. */
    @Override
    public void close() {
        // Leave the group, so a restarted instance gets the partitions at once rather than after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(60)));
        memory.close();
    }
}
