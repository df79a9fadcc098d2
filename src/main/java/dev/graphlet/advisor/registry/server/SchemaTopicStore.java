package dev.graphlet.advisor.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlet.advisor.registry.CompatibilityLevel;
import dev.graphlet.advisor.registry.InMemorySchemaRegistry;
import dev.graphlet.advisor.registry.RegistryRecord;
import dev.graphlet.advisor.registry.RegistryRecord.Config;
import dev.graphlet.advisor.registry.RegistryRecord.SchemaVersion;
import dev.graphlet.advisor.registry.RegistryRecord.SchemaVersionRemoved;
import dev.graphlet.advisor.registry.SchemaRegistryException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Persists a registry in a compacted, single-partition Kafka topic, with the key/value JSON layout of Confluent
 * Schema Registry's own {@code _schemas} topic: keys {@code {"keytype":"SCHEMA","subject":..,"version":..,
 * "magic":1}} and {@code {"keytype":"CONFIG","subject":..,"magic":0}}; values the version (id, schema, deleted)
 * or the compatibility level; a tombstone for a permanent delete. On start the topic is read to its end, so ids
 * and versions survive restarts.
 *
 * <p>One registry instance writes the topic (no leader election among several instances).
 */
public final class SchemaTopicStore implements AutoCloseable {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();

    private SchemaTopicStore(String topic, KafkaProducer<String, String> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /**
     * Ensures the topic exists, replays it into a new registry, and returns the registry, journaling to the topic.
     *
     * @param clientProps Kafka client settings (bootstrap servers, security), passed through
     */
    public static Opened open(Map<String, Object> clientProps, String topic) {
        createTopic(clientProps, topic);
        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        SchemaTopicStore store = new SchemaTopicStore(topic,
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer()));
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(store::write);
        store.replay(clientProps, registry);
        return new Opened(store, registry);
    }

    /** The store and the registry rebuilt from it. */
    public record Opened(SchemaTopicStore store, InMemorySchemaRegistry registry) {
    }

    private static void createTopic(Map<String, Object> clientProps, String topic) {
        try (Admin admin = Admin.create(clientProps)) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the schema topic '" + topic + "': " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the schema topic", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating the schema topic '" + topic
                    + "': is the Kafka cluster reachable?", e);
        }
    }

    private void replay(Map<String, Object> clientProps, InMemorySchemaRegistry registry) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(60)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    decode(record.key(), record.value()).ifPresent(registry::apply);
                }
            }
        }
    }

    private void write(RegistryRecord record) {
        String key;
        String value;
        if (record instanceof SchemaVersion v) {
            key = schemaKey(v.subject(), v.version());
            ObjectNode node = json.createObjectNode().put("subject", v.subject()).put("version", v.version())
                    .put("id", v.id()).put("schema", v.schema()).put("deleted", v.deleted());
            value = node.toString();
        } else if (record instanceof SchemaVersionRemoved r) {
            key = schemaKey(r.subject(), r.version());
            value = null;
        } else {
            Config c = (Config) record;
            ObjectNode keyNode = json.createObjectNode().put("keytype", "CONFIG");
            keyNode.put("subject", c.subject());
            key = keyNode.put("magic", 0).toString();
            value = c.level() == null ? null
                    : json.createObjectNode().put("compatibilityLevel", c.level().name()).toString();
        }
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaRegistryException(500, SchemaRegistryException.ErrorCodes.STORE_ERROR,
                    "Error while storing the schema in topic '" + topic + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(500, SchemaRegistryException.ErrorCodes.STORE_ERROR, "Interrupted while storing");
        }
    }

    private String schemaKey(String subject, int version) {
        return json.createObjectNode().put("keytype", "SCHEMA").put("subject", subject).put("version", version)
                .put("magic", 1).toString();
    }

    private Optional<RegistryRecord> decode(String key, String value) {
        try {
            JsonNode k = json.readTree(key);
            String type = k.path("keytype").asText();
            String subject = k.path("subject").isNull() || k.path("subject").isMissingNode() ? null : k.path("subject").asText();
            if ("SCHEMA".equals(type)) {
                int version = k.path("version").asInt();
                if (value == null) {
                    return Optional.of(new SchemaVersionRemoved(subject, version));
                }
                JsonNode v = json.readTree(value);
                return Optional.of(new SchemaVersion(subject, version, v.path("id").asInt(), v.path("schema").asText(),
                        v.path("deleted").asBoolean(false)));
            }
            if ("CONFIG".equals(type)) {
                CompatibilityLevel level = value == null ? null
                        : CompatibilityLevel.parse(json.readTree(value).path("compatibilityLevel").asText());
                return Optional.of(new Config(subject, level));
            }
            return Optional.empty(); // NOOP, MODE and other key types carry nothing this registry keeps
        } catch (IOException e) {
            throw new IllegalStateException("Schema topic '" + topic + "' holds a record that is not registry JSON: " + key, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
