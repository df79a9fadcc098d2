package dev.graphlet.advisor.registry;

/**
 * One change to a registry's state, as it is journaled. The Kafka-backed store writes these to a compacted
 * topic in the same key/value JSON layout as Confluent Schema Registry's own {@code _schemas} topic, so that
 * replaying the topic rebuilds the same ids and versions.
 */
public sealed interface RegistryRecord {

    /** A subject version (re)stated: registered, or soft-deleted when {@code deleted}. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted)
            implements RegistryRecord {
    }

    /** A subject version removed for good (Confluent's permanent delete; a tombstone in the topic). */
    record SchemaVersionRemoved(String subject, int version) implements RegistryRecord {
    }

    /** A compatibility level set ({@code level} non-null) or cleared, for a subject or globally (subject null). */
    record Config(String subject, CompatibilityLevel level) implements RegistryRecord {
    }
}
