package dev.graphlet.advisor.serde;

import dev.graphlet.advisor.registry.RegistryClientConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.registry.SchemaRegistryException;
import dev.graphlet.advisor.serde.AvroSerdeException.MalformedPayloadException;
import dev.graphlet.advisor.serde.AvroSerdeException.SchemaResolutionException;
import dev.graphlet.advisor.serde.AvroSerdeException.UnknownSchemaIdException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro: looks the writer schema up by the id in the header and resolves it to the
 * reader schema, which is a specific class's schema, a configured reader schema, or the writer schema itself.
 *
 * <p>Errors are typed: {@link AvroSerdeException.WireFormatException} (not the wire format),
 * {@link UnknownSchemaIdException}, {@link MalformedPayloadException}, {@link SchemaResolutionException}; an
 * unreachable registry raises the retryable
 * {@link dev.graphlet.advisor.registry.SchemaRegistryUnavailableException}. A null payload (tombstone) reads as null.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    public static final String SPECIFIC_READER = "specific.avro.reader";

    private record ReaderKey(int writerId, Schema reader) {
    }

    private SchemaRegistryClient registry;
    private final Class<? extends SpecificRecord> specificType;
    private final Schema readerSchema;
    private boolean specificByName;
    private final Map<ReaderKey, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** Generic records (or specific ones, by the writer's full name, with {@code specific.avro.reader=true}). */
    public AvroDeserializer() {
        this(null, null, null);
    }

    public AvroDeserializer(SchemaRegistryClient registry) {
        this(registry, null, null);
    }

    /**
     * @param registry      the registry, or null to connect from {@link #configure}
     * @param specificType  read into this generated class (its schema is the reader schema), or null
     * @param readerSchema  read generic records with this reader schema, or null for the writer schema
     */
    public AvroDeserializer(SchemaRegistryClient registry, Class<? extends SpecificRecord> specificType,
                            Schema readerSchema) {
        this.registry = registry;
        this.specificType = specificType;
        this.readerSchema = readerSchema;
        if (specificType != null) {
            TrustedClasses.trust(specificType);
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object specific = configs.get(SPECIFIC_READER);
        specificByName = specific != null && Boolean.parseBoolean(specific.toString());
        if (registry == null) {
            registry = RegistryClientConfig.connect(configs);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: set " + RegistryClientConfig.URL);
        }
        int id = WireFormat.schemaId(topic, data);
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException.SchemaNotFoundException e) {
            throw new UnknownSchemaIdException(id, "Record on topic '" + topic + "' names schema id " + id
                    + ", which the schema registry does not know", e);
        } catch (SchemaRegistryException e) {
            throw new AvroSerdeException("Cannot fetch schema id " + id + " for a record on topic '" + topic + "': "
                    + e.getMessage(), e);
        }
        DatumReader<Object> reader = readers.computeIfAbsent(new ReaderKey(id, readerFor(writer)),
                key -> newReader(id, writer, key.reader()));
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        Object value;
        try {
            value = reader.read(null, decoder);
        } catch (Exception e) {
            throw new MalformedPayloadException("Avro body of a record on topic '" + topic + "' (" + data.length
                    + " bytes, schema id " + id + ", " + writer.getFullName() + ") does not decode: " + e, e);
        }
        if (writer.getType() == Schema.Type.STRING && value != null) {
            value = value.toString();
        }
        return (T) value;
    }

    private Schema readerFor(Schema writer) {
        if (specificType != null) {
            return SpecificData.get().getSchema(specificType);
        }
        if (specificByName && writer.getType() == Schema.Type.RECORD) {
            Class<?> type = SpecificData.get().getClass(writer);
            if (type == null) {
                throw new AvroSerdeException("No generated class " + writer.getFullName()
                        + " on the class path for " + SPECIFIC_READER + "=true");
            }
            return SpecificData.get().getSchema(type);
        }
        return readerSchema != null ? readerSchema : writer;
    }

    private DatumReader<Object> newReader(int id, Schema writer, Schema reader) {
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SchemaResolutionException("Writer schema id " + id + " (" + writer.getFullName()
                    + ") cannot be read as " + reader.getFullName() + ": "
                    + compatibility.getResult().getIncompatibilities(), null);
        }
        if (specificType != null || (specificByName && writer.getType() == Schema.Type.RECORD)) {
            return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
        }
        return new GenericDatumReader<>(writer, reader, GenericData.get());
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
