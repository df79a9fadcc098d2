package dev.graphlet.advisor.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** A private set of the advisor's topics on a real broker: the settings that name them, the topics created. */
public final class TestTopics {

    private TestTopics() {
    }

    /** Creates {@code prefix}.events, .feedback, ... with {@code partitions} each; returns the advisor.topic.* settings. */
    public static Map<String, String> create(RealKafka kafka, String prefix, int partitions) throws Exception {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("advisor.topic.events", prefix + ".events");
        topics.put("advisor.topic.feedback", prefix + ".feedback");
        topics.put("advisor.topic.advisories", prefix + ".advisories");
        topics.put("advisor.topic.outcomes", prefix + ".outcomes");
        topics.put("advisor.topic.waste-metrics", prefix + ".waste");
        topics.put("advisor.topic.dead-letters", prefix + ".dlq");
        topics.put("advisor.topic.model", prefix + ".model");
        topics.put("advisor.topic.control", prefix + ".control");
        try (Admin admin = Admin.create(kafka.clientProps())) {
            admin.createTopics(topics.values().stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
        return topics;
    }
}
