package dev.graphlet.advisor.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a Kafka Streams application has processed and committed everything on its source topics, its own
 * repartition topics included: no open transaction on any of them, and no committed record past the group's
 * committed offset. Transaction markers count for nothing, which is why an offset comparison alone will not do.
 * {@code sourceTopics} are the topics the application's consumer group reads: not those of global stores, which
 * have no group offsets.
 */
public final class CaughtUp {

    private CaughtUp() {
    }

    public static boolean caughtUp(RealKafka kafka, String applicationId, Set<String> sourceTopics) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            List<String> topics = new ArrayList<>(sourceTopics);
            admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
                    .forEach(topics::add);
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
            Map<TopicPartition, Long> stable = ends(admin, partitions, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> high = ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
            if (!stable.equals(high)) {
                return false; // a transaction is open: the application is still writing
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<String, Object> props = new HashMap<>(kafka.clientProps());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata at = committed.get(partition);
                    long from = at == null ? 0 : at.offset();
                    if (from >= stable.get(partition)) {
                        continue;
                    }
                    consumer.assign(List.of(partition));
                    consumer.seek(partition, from);
                    int idle = 0;
                    while (consumer.position(partition) < stable.get(partition) && idle < 20) {
                        var records = consumer.poll(Duration.ofMillis(100));
                        if (!records.isEmpty()) {
                            return false; // committed, unprocessed records remain
                        }
                        idle++;
                    }
                    if (consumer.position(partition) < stable.get(partition)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<TopicPartition> partitions, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }
}
