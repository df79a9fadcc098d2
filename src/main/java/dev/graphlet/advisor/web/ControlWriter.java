package dev.graphlet.advisor.web;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes operator settings to the control topic (plain strings; null clears). */
public final class ControlWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;

    public ControlWriter(AdvisorConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.topic = config.topics().control();
    }

    /** Writes and waits for the broker's acknowledgement; a failure is an {@link IllegalStateException} naming the topic. */
    public void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(45, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot write to " + topic + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + topic);
        }
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close();
    }
}
