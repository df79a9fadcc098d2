package dev.graphlet.advisor.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The operations of the Confluent Schema Registry REST API that producers, consumers and operators need.
 * Implemented over HTTP ({@link RestSchemaRegistryClient}), in memory ({@link InMemorySchemaRegistry}, which also
 * backs the embedded registry and {@code mock://} scopes), and with caches ({@link CachingSchemaRegistryClient}).
 *
 * <p>Definite refusals raise {@link SchemaRegistryException}; an unreachable registry raises the retryable
 * {@link SchemaRegistryUnavailableException}.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject, without registering it. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);

    RegisteredSchema latest(String subject);

    RegisteredSchema version(String subject, int version);

    List<Integer> versions(String subject);

    List<String> subjects();

    /** Whether the schema is compatible with the subject's latest version under the subject's level. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The compatibility level of the subject, or the global one when {@code subject} is empty. */
    CompatibilityLevel compatibility(Optional<String> subject);

    /** Sets the compatibility level of the subject, or the global one when {@code subject} is empty. */
    void setCompatibility(Optional<String> subject, CompatibilityLevel level);

    @Override
    default void close() {
    }
}
