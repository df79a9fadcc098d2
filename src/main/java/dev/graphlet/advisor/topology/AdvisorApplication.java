package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.config.AdvisorConfig;
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
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
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
        AdvisorSettings settings = AdvisorSettings.from(config).withInputPartitions(eventPartitions(config));
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
    static int eventPartitions(AdvisorConfig config) {
        String events = config.topics().events();
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(events, config.topics().feedback()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            int eventPartitions = topics.get(events).partitions().size();
            int feedbackPartitions = topics.get(config.topics().feedback()).partitions().size();
            if (eventPartitions != feedbackPartitions) {
                throw new IllegalStateException("Topics " + events + " (" + eventPartitions + " partitions) and "
                        + config.topics().feedback() + " (" + feedbackPartitions + ") must have the same partition count:"
                        + " a pipeline's events and feedback are processed together");
            }
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
