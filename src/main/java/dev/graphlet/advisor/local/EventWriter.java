package dev.graphlet.advisor.local;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.registry.RegistryClientConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
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
    private final AvroSerializer<ExecutionEvent> values;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long count;

    /** To a local stack. */
    public EventWriter(String bootstrapServers, String registryUrl, String topic) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, "schema.registry.url", registryUrl),
                RegistryClientConfig.connect(Map.of("schema.registry.url", registryUrl)), topic);
    }

    /**
     * @param clientProps Kafka client and serde settings (they pass through; the batching defaults apply where
     *                    they say nothing)
     */
    public EventWriter(Map<String, Object> clientProps, SchemaRegistryClient registry, String topic) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.values = new AvroSerializer<>(registry);
        this.values.configure(props, false);
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
