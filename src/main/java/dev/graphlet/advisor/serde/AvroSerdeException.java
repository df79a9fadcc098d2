package dev.graphlet.advisor.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes (or value) cannot be serialized or deserialized as asked. Definite: retrying the same bytes
 * gives the same answer, so a stream processor dead-letters the record. The subclasses say why.
 */
public class AvroSerdeException extends SerializationException {

    public AvroSerdeException(String message) {
        super(message);
    }

    public AvroSerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The bytes are not in the Confluent wire format: wrong magic byte, or shorter than the 5-byte header. */
    public static final class WireFormatException extends AvroSerdeException {
        public WireFormatException(String message) {
            super(message);
        }
    }

    /** The header names a schema id the registry does not know (HTTP 404, error code 40403). */
    public static final class UnknownSchemaIdException extends AvroSerdeException {
        private final int schemaId;

        public UnknownSchemaIdException(int schemaId, String message, Throwable cause) {
            super(message, cause);
            this.schemaId = schemaId;
        }

        public int schemaId() {
            return schemaId;
        }
    }

    /** The Avro body does not decode with the writer schema named in the header (truncated, corrupt). */
    public static final class MalformedPayloadException extends AvroSerdeException {
        public MalformedPayloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The writer schema cannot be resolved to the reader schema (not compatible). */
    public static final class SchemaResolutionException extends AvroSerdeException {
        public SchemaResolutionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The value cannot be written with its schema, or the registry refused the schema. */
    public static final class UnwritableValueException extends AvroSerdeException {
        public UnwritableValueException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
