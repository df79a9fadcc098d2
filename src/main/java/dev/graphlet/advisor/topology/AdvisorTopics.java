package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.Feedback;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.ModelSnapshot;
import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.serde.AvroSerdeConfig;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The advisor's topics, each with its Avro serde (Confluent wire format, TopicNameStrategy), so no topic name
 * or serde is spelled twice. Schemas are registered without Java-only properties: the registered schema is the
 * .avsc of schemas/.
 */
public record AdvisorTopics(Topic<ExecutionEvent> events, Topic<Feedback> feedback, Topic<Advisory> advisories,
                            Topic<GraphletOutcome> outcomes, Topic<WasteMetrics> wasteMetrics, String deadLetters,
                            Topic<ModelSnapshot> model, String control) {

    /** @param serdeConfig registry settings ({@code schema.registry.url}, auth, TLS), passed to every serde */
    public static AdvisorTopics of(Topics names, Map<String, ?> serdeConfig) {
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.putIfAbsent(AvroSerdeConfig.REMOVE_JAVA_PROPERTIES, "true");
        return new AdvisorTopics(
                new Topic<>(names.events(), serde(ExecutionEvent.class, config)),
                new Topic<>(names.feedback(), serde(Feedback.class, config)),
                new Topic<>(names.advisories(), serde(Advisory.class, config)),
                new Topic<>(names.outcomes(), serde(GraphletOutcome.class, config)),
                new Topic<>(names.wasteMetrics(), serde(WasteMetrics.class, config)),
                names.deadLetters(),
                new Topic<>(names.model(), serde(ModelSnapshot.class, config)),
                names.control());
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type, Map<String, Object> config) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, false);
        return serde;
    }
}
