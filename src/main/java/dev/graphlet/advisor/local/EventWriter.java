package dev.graphlet.advisor.local;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.serde.AvroSerializer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes ExecutionEvents to a topic in bulk: Avro in the Confluent wire format, key = pipelineId, record timestamp =
 * event time, lz4 batches. The first failed send fails the next call.
 */
public final class EventWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerializer<ExecutionEvent> values = new AvroSerializer<>();
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long count;

    public EventWriter(String bootstrapServers, String registryUrl, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.values.configure(Map.of("schema.registry.url", registryUrl), false);
        this.topic = topic;
    }

    public void send(ExecutionEvent event) throws Exception {
        if (failure.get() != null) {
            throw failure.get();
        }
        producer.send(new ProducerRecord<>(topic, null, event.getEventTime().toEpochMilli(), event.getPipelineId(),
                values.serialize(topic, event)), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
        count++;
    }

    /** A record to one partition, as is (control records). */
    public void sendRaw(ProducerRecord<String, byte[]> record) {
        producer.send(record);
    }

    public long count() {
        return count;
    }

    /** Waits until everything sent is written. */
    public void flush() throws Exception {
        producer.flush();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
