package dev.graphlet.advisor.registry;

import org.apache.kafka.common.KafkaException;

/**
 * A definite answer from a schema registry that the request cannot succeed as asked (unknown id, unknown
 * subject, incompatible schema, invalid schema...). Carries Confluent's HTTP status and error code. Retrying
 * does not help; see {@link SchemaRegistryUnavailableException} for the transient case.
 */
public class SchemaRegistryException extends KafkaException {

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's error code, e.g. 40403 for an unknown schema id. */
    public int errorCode() {
        return errorCode;
    }

    /** The most specific exception for a Confluent error code. */
    public static SchemaRegistryException of(int httpStatus, int errorCode, String message) {
        return switch (errorCode) {
            case ErrorCodes.SUBJECT_NOT_FOUND -> new SubjectNotFoundException(message);
            case ErrorCodes.VERSION_NOT_FOUND -> new VersionNotFoundException(message);
            case ErrorCodes.SCHEMA_NOT_FOUND -> new SchemaNotFoundException(message);
            case ErrorCodes.INCOMPATIBLE_SCHEMA -> new IncompatibleSchemaException(message);
            case ErrorCodes.INVALID_SCHEMA -> new InvalidSchemaException(message);
            default -> new SchemaRegistryException(httpStatus, errorCode, message);
        };
    }

    /** Confluent Schema Registry error codes (the {@code error_code} of its JSON error body). */
    public static final class ErrorCodes {
        public static final int UNAUTHORIZED = 40101;
        public static final int SUBJECT_NOT_FOUND = 40401;
        public static final int VERSION_NOT_FOUND = 40402;
        public static final int SCHEMA_NOT_FOUND = 40403;
        public static final int SUBJECT_SOFT_DELETED = 40404;
        public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
        public static final int VERSION_SOFT_DELETED = 40406;
        public static final int VERSION_NOT_SOFT_DELETED = 40407;
        public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
        public static final int INCOMPATIBLE_SCHEMA = 409;
        public static final int INVALID_SCHEMA = 42201;
        public static final int INVALID_VERSION = 42202;
        public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
        public static final int STORE_ERROR = 50001;

        private ErrorCodes() {
        }
    }

    public static final class SubjectNotFoundException extends SchemaRegistryException {
        public SubjectNotFoundException(String message) {
            super(404, ErrorCodes.SUBJECT_NOT_FOUND, message);
        }
    }

    public static final class VersionNotFoundException extends SchemaRegistryException {
        public VersionNotFoundException(String message) {
            super(404, ErrorCodes.VERSION_NOT_FOUND, message);
        }
    }

    public static final class SchemaNotFoundException extends SchemaRegistryException {
        public SchemaNotFoundException(String message) {
            super(404, ErrorCodes.SCHEMA_NOT_FOUND, message);
        }
    }

    public static final class IncompatibleSchemaException extends SchemaRegistryException {
        public IncompatibleSchemaException(String message) {
            super(409, ErrorCodes.INCOMPATIBLE_SCHEMA, message);
        }
    }

    public static final class InvalidSchemaException extends SchemaRegistryException {
        public InvalidSchemaException(String message) {
            super(422, ErrorCodes.INVALID_SCHEMA, message);
        }
    }
}
