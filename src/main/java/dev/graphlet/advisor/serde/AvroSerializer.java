package dev.graphlet.advisor.serde;

import dev.graphlet.advisor.registry.CachingSchemaRegistryClient;
import dev.graphlet.advisor.registry.RegisteredSchema;
import dev.graphlet.advisor.registry.RegistryClientConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.registry.SchemaRegistryException;
import dev.graphlet.advisor.serde.AvroSerdeException.UnwritableValueException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values (specific records, generic records, or Avro primitives) in Confluent's wire format,
 * registering or looking up the schema under the subject its naming strategy gives.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private record WriterKey(Schema schema, Class<?> type) {
    }

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config = new AvroSerdeConfig(true, false, SubjectNameStrategy.TOPIC_NAME, false);
    private boolean isKey;
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<String, RegisteredSchema> latestBySubject = new ConcurrentHashMap<>();
    private final Map<Schema, Schema> withoutJavaProperties = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction: the registry comes from {@link #configure}. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = AvroSerdeConfig.from(configs, isKey);
        if (registry == null) {
            registry = RegistryClientConfig.connect(configs);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer is not configured: set " + RegistryClientConfig.URL);
        }
        Schema schema = schemaOf(data);
        if (config.removeJavaProperties()) {
            schema = withoutJavaProperties.computeIfAbsent(schema, JavaProperties::strip);
        }
        String subject = config.strategy().subject(topic, isKey, schema);
        int id;
        Schema writeSchema = schema;
        try {
            if (config.useLatestVersion()) {
                RegisteredSchema latest = latestBySubject.computeIfAbsent(subject, registry::latest);
                id = latest.id();
                writeSchema = latest.schema();
            } else if (config.autoRegister()) {
                id = registry.register(subject, schema);
            } else if (registry instanceof CachingSchemaRegistryClient caching) {
                id = caching.idOf(subject, schema);
            } else {
                id = registry.lookup(subject, schema).id();
            }
        } catch (SchemaRegistryException e) {
            throw new UnwritableValueException("Cannot serialize " + schema.getFullName() + " for topic '" + topic
                    + "': the schema registry refused subject '" + subject + "': " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(writeSchema, data).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new UnwritableValueException("Cannot serialize " + schema.getFullName() + " for topic '" + topic
                    + "' with schema id " + id + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private DatumWriter<Object> writerFor(Schema schema, Object data) {
        return writers.computeIfAbsent(new WriterKey(schema, data.getClass()), key -> {
            if (data instanceof SpecificRecord) {
                return new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
            }
            return new GenericDatumWriter<>(schema, GenericData.get());
        });
    }

    /** The schema of a value: its own for Avro containers, the primitive schema for Java primitives. */
    static Schema schemaOf(Object data) {
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        Schema.Type type;
        if (data instanceof CharSequence) {
            type = Schema.Type.STRING;
        } else if (data instanceof Integer) {
            type = Schema.Type.INT;
        } else if (data instanceof Long) {
            type = Schema.Type.LONG;
        } else if (data instanceof Float) {
            type = Schema.Type.FLOAT;
        } else if (data instanceof Double) {
            type = Schema.Type.DOUBLE;
        } else if (data instanceof Boolean) {
            type = Schema.Type.BOOLEAN;
        } else if (data instanceof byte[] || data instanceof ByteBuffer) {
            type = Schema.Type.BYTES;
        } else {
            throw new UnwritableValueException("Cannot serialize a " + data.getClass().getName()
                    + ": expected an Avro record (specific or generic) or an Avro primitive", null);
        }
        return Schema.create(type);
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
