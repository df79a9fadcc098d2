package dev.graphlet.advisor.serde;

import dev.graphlet.advisor.serde.AvroSerdeException.WireFormatException;
import java.nio.ByteBuffer;

/**
 * Confluent's wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id as a big-endian int, then the
 * Avro binary encoding of the value.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Writes the 5-byte header into the start of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        ByteBuffer.wrap(target, 0, HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Reads the schema id from a payload, refusing anything that is not Confluent's format. */
    public static int schemaId(String topic, byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new WireFormatException("Record on topic '" + topic + "' has " + payload.length
                    + " bytes, fewer than the 5-byte Confluent wire-format header (magic byte + schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new WireFormatException(String.format("Record on topic '%s' starts with byte 0x%02x, not the Confluent"
                    + " magic byte 0x00: it was not written by a Confluent-compatible Avro serializer", topic, payload[0]));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
