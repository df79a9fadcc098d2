package dev.graphlet.advisor.client;

import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.AdvisoryMode;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.Feedback;
import dev.graphlet.advisor.contract.FeedbackAction;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What an orchestrator needs to follow the advisor: it subscribes to the advisories, acts only on ACTIVE SKIPs that
 * are still fresh (event time at or before {@code validUntil}), leaves SHADOW advice and CONTINUE alone, and reports
 * what it did on the feedback topic, so a cancelled run is labelled SKIPPED_ON_ADVICE (and never teaches the
 * model). Not thread-safe: call it from the orchestrator's own loop.
 *
 * <pre>{@code
 * try (OrchestratorClient advisor = new OrchestratorClient(props, "advisor.advisories", "advisor.feedback")) {
 *     while (running) {
 *         for (Advisory skip : advisor.poll(Duration.ofMillis(200), clock.millis())) {
 *             if (scheduler.cancel(skip.getRunId())) advisor.skipped(skip, clock.millis(), "cancelled");
 *             else advisor.ignored(skip, clock.millis(), "run already finished");
 *         }
 *     }
 * }
 * }</pre>
 */
public final class OrchestratorClient implements AutoCloseable {

    private final KafkaConsumer<String, Advisory> consumer;
    private final KafkaProducer<String, Feedback> producer;
    private final String feedbackTopic;
    private long stale;
    private long shadow;

    /**
     * @param props Kafka client settings and the registry's ({@code bootstrap.servers}, {@code schema.registry.url},
     *              security); {@code group.id} names the orchestrator's consumer group (default "orchestrator")
     */
    public OrchestratorClient(Map<String, Object> props, String advisoriesTopic, String feedbackTopic) {
        Map<String, Object> consumerProps = new HashMap<>(props);
        consumerProps.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, "orchestrator");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // only advice the advisor committed
        consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        SpecificAvroSerde<Advisory> advisories = new SpecificAvroSerde<>(Advisory.class);
        advisories.configure(props, false);
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), advisories.deserializer());
        this.consumer.subscribe(List.of(advisoriesTopic));
        Map<String, Object> producerProps = new HashMap<>(props);
        producerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerde<Feedback> feedback = new SpecificAvroSerde<>(Feedback.class);
        feedback.configure(props, false);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), feedback.serializer());
        this.feedbackTopic = feedbackTopic;
    }

    /**
     * The advice to act on now: ACTIVE SKIPs whose {@code validUntil} has not passed at {@code nowMillis} (the
     * orchestrator's clock, in event time). Stale SKIPs are reported IGNORED at once; SHADOW advice is for
     * observation only and is counted, not returned.
     */
    public List<Advisory> poll(Duration timeout, long nowMillis) {
        List<Advisory> act = new ArrayList<>();
        for (ConsumerRecord<String, Advisory> record : consumer.poll(timeout)) {
            Advisory advisory = record.value();
            if (advisory == null || advisory.getDecision() != Decision.SKIP) {
                continue;
            }
            if (advisory.getMode() != AdvisoryMode.ACTIVE) {
                shadow++;
                continue;
            }
            if (nowMillis > advisory.getValidUntil().toEpochMilli()) {
                stale++;
                ignored(advisory, nowMillis, "stale: arrived after validUntil");
                continue;
            }
            act.add(advisory);
        }
        return act;
    }

    /** The run was cancelled on the advice. */
    public void skipped(Advisory advisory, long timeMillis, String note) {
        send(advisory, FeedbackAction.SKIPPED, timeMillis, note);
    }

    /** The advice was not followed (the run had ended, or the orchestrator decided otherwise). */
    public void ignored(Advisory advisory, long timeMillis, String note) {
        send(advisory, FeedbackAction.IGNORED, timeMillis, note);
    }

    private void send(Advisory advisory, FeedbackAction action, long timeMillis, String note) {
        // Stamped with its event time, like the events: the advisor's clock is event time.
        producer.send(new ProducerRecord<>(feedbackTopic, null, timeMillis, advisory.getPipelineId(), Feedback.newBuilder()
                .setAdvisoryId(advisory.getAdvisoryId()).setPipelineId(advisory.getPipelineId())
                .setGraphletId(advisory.getGraphletId()).setRunId(advisory.getRunId()).setAction(action)
                .setEventTime(Instant.ofEpochMilli(timeMillis)).setNote(note).build()));
    }

    /** ACTIVE SKIPs that arrived after their validUntil (reported IGNORED). */
    public long stale() {
        return stale;
    }

    /** SHADOW SKIPs seen (not acted on). */
    public long shadow() {
        return shadow;
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
