package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.serde.StateFormatSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for internal state: a format-version byte, then Avro binary with the schema known in code (no registry
 * round trip). A new store format gets a new version byte and keeps reading the older one by resolving its
 * schema, so an upgrade reads what the previous release wrote.
 */
public final class StoreSerde<T extends SpecificRecord> implements Serde<T> {

    /**
     * A stream thread's reusable buffer, encoder and decoder: state is written and read on every event, and a fresh
     * growing buffer per value cost more than the encoding itself. Never re-entered: a value does not serialize another.
     */
    private static final class Scratch {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final byte version;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    /** Readers of older formats, by version byte: their writer schema resolved to the current one. */
    private final Map<Byte, SpecificDatumReader<T>> olderReaders = new HashMap<>();

    public StoreSerde(Class<T> type, int version) {
        this(type, version, Map.of());
    }

    /**
     * @param olderFormats the writer schemas of the formats before {@code version}, by their version byte, each as a
     *                     resource holding the full schema (with every named type it uses)
     */
    public StoreSerde(Class<T> type, int version, Map<Integer, String> olderFormats) {
        this.version = (byte) version;
        this.schema = SpecificData.get().getSchema(type);
        SpecificData model = SpecificData.getForSchema(schema);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.reader = new SpecificDatumReader<>(schema, schema, model);
        olderFormats.forEach((older, resource) -> {
            if (older >= version) {
                throw new IllegalArgumentException("Format " + older + " of " + schema.getName() + " is not older than " + version);
            }
            olderReaders.put((byte) (int) older, new SpecificDatumReader<>(StateFormatSchemas.read(resource), schema, model));
        });
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                Scratch scratch = SCRATCH.get();
                scratch.out.reset();
                scratch.out.write(version);
                scratch.encoder = EncoderFactory.get().binaryEncoder(scratch.out, scratch.encoder);
                writer.write(value, scratch.encoder);
                scratch.encoder.flush();
                return scratch.out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            SpecificDatumReader<T> formatReader = bytes.length == 0 ? null
                    : bytes[0] == version ? reader : olderReaders.get(bytes[0]);
            if (formatReader == null) {
                throw new SerializationException("State of " + schema.getName() + " in format version "
                        + (bytes.length == 0 ? "none" : bytes[0]) + "; this release reads versions "
                        + new TreeSet<>(olderReaders.keySet()) + " and " + version);
            }
            try {
                Scratch scratch = SCRATCH.get();
                scratch.decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, scratch.decoder);
                return formatReader.read(null, scratch.decoder);
            } catch (IOException e) {
                throw new SerializationException("Corrupt " + schema.getName() + " state", e);
            }
        };
    }
}
