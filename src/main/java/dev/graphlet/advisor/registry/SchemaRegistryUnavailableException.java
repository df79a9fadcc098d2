package dev.graphlet.advisor.registry;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The registry could not be reached, or answered with a transient failure, and retries with backoff were
 * exhausted. Retryable: the caller may try again later (a Kafka Streams thread is replaced and the record is
 * re-read from the last commit); it is never a reason to dead-letter a record.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
