package dev.graphlet.advisor.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The advisor's topic names (design defaults, each overridable under {@code advisor.topic.*}). Keys are plain
 * strings (pipelineId; the model topic: the task); values are Avro in Confluent's wire format, except on the control
 * topic, whose keys and values are plain strings an operator can write with any producer (see {@code Control}).
 */
public record Topics(String events, String feedback, String advisories, String outcomes, String wasteMetrics,
                     String deadLetters, String model, String control, String schemas) {

    public static final Topics DEFAULTS = new Topics("mlmd.execution-events", "advisor.feedback",
            "advisor.advisories", "advisor.graphlet-outcomes", "advisor.waste-metrics", "advisor.dead-letters",
            "advisor.model", "advisor.control", "_schemas");

    static Topics from(AdvisorConfig config) {
        return new Topics(
                config.get("advisor.topic.events", DEFAULTS.events),
                config.get("advisor.topic.feedback", DEFAULTS.feedback),
                config.get("advisor.topic.advisories", DEFAULTS.advisories),
                config.get("advisor.topic.outcomes", DEFAULTS.outcomes),
                config.get("advisor.topic.waste-metrics", DEFAULTS.wasteMetrics),
                config.get("advisor.topic.dead-letters", DEFAULTS.deadLetters),
                config.get("advisor.topic.model", DEFAULTS.model),
                config.get("advisor.topic.control", DEFAULTS.control),
                config.get("advisor.registry.topic", DEFAULTS.schemas));
    }

    /** These names as the settings that select them: what {@link #from} reads, under the same keys. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("advisor.topic.events", events);
        settings.put("advisor.topic.feedback", feedback);
        settings.put("advisor.topic.advisories", advisories);
        settings.put("advisor.topic.outcomes", outcomes);
        settings.put("advisor.topic.waste-metrics", wasteMetrics);
        settings.put("advisor.topic.dead-letters", deadLetters);
        settings.put("advisor.topic.model", model);
        settings.put("advisor.topic.control", control);
        settings.put("advisor.registry.topic", schemas);
        return settings;
    }

    /** The ordinary (delete-retention) topics the advisor reads and writes. */
    public List<String> streamTopics() {
        return List.of(events, feedback, advisories, outcomes, wasteMetrics, deadLetters);
    }

    /** Topics kept compacted (latest value per key). The registry creates its own schema topic. */
    public List<String> compactedTopics() {
        return List.of(model, control);
    }
}
