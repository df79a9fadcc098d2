package dev.graphlet.advisor.serde;

import dev.graphlet.advisor.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde for generic Avro records in Confluent's wire format; reads with the writer schema unless given one. */
public class GenericAvroSerde implements Serde<GenericRecord> {

    private final AvroSerializer<GenericRecord> serializer;
    private final AvroDeserializer<GenericRecord> deserializer;

    public GenericAvroSerde() {
        this(null, null);
    }

    /**
     * @param registry     the registry, or null to connect from {@link #configure}
     * @param readerSchema the schema to resolve records to, or null for the writer's
     */
    public GenericAvroSerde(SchemaRegistryClient registry, Schema readerSchema) {
        this.serializer = new AvroSerializer<>(registry);
        this.deserializer = new AvroDeserializer<>(registry, null, readerSchema);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }
}
