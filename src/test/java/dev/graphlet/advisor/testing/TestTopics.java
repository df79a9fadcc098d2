package dev.graphlet.advisor.testing;

import dev.graphlet.advisor.local.LocalStack;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** Topics on a real broker for a test: a private set of the advisor's, or any others. */
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
        create(kafka, topics.values(), partitions);
        return topics;
    }

    /**
     * Creates the topics as the advisor's own stream topics are created ({@link LocalStack#streamTopic}, no time-based
     * retention): the tests' records carry past event times, and the broker's first retention check (30 s after it
     * starts) would delete them while a slow test still reads them.
     */
    public static void create(RealKafka kafka, Collection<String> names, int partitions) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            admin.createTopics(names.stream().map(n -> LocalStack.streamTopic(n, partitions)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }
}
