package dev.graphlet.advisor.testing;

import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;

/** A real, running Kafka broker handed to a test: embedded KRaft or a Testcontainers apache/kafka container. */
public interface RealKafka {

    String bootstrapServers();

    /** "embedded KRaft" or "apache/kafka container". */
    String kind();

    default Map<String, Object> clientProps() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** A topic name no other test uses. */
    static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
