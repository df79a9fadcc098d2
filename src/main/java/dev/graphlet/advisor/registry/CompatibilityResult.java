package dev.graphlet.advisor.registry;

import java.util.List;

/** The answer of a compatibility check: compatible or not, and Avro's reasons when not. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
