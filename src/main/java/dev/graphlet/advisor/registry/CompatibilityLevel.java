package dev.graphlet.advisor.registry;

import java.util.Locale;

/** Confluent's compatibility levels. BACKWARD: consumers on the new schema read data written with the old. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    public static CompatibilityLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.ErrorCodes.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level '" + text + "'. Valid values are none, backward, forward, full,"
                            + " backward_transitive, forward_transitive and full_transitive");
        }
    }

    boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    boolean transitive() {
        return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }
}
