package dev.graphlet.advisor.web;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the advisor's advisories and outcomes topics, from their beginning, into a {@link FleetView}: a consumer
 * without a group (every instance sees the whole fleet), read_committed. Records that do not decode are skipped
 * and counted (the topics are the advisor's own).
 */
public final class OutputFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final FleetView view;
    private final SpecificAvroSerde<Advisory> advisories;
    private final SpecificAvroSerde<GraphletOutcome> outcomes;
    private final String advisoryTopic;
    private volatile boolean running = true;
    private volatile long undecodable;

    public OutputFeed(AdvisorConfig config, SchemaRegistryClient registry, FleetView view) {
        this.view = view;
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.advisories = new SpecificAvroSerde<>(Advisory.class, registry);
        this.advisories.configure(props, false);
        this.outcomes = new SpecificAvroSerde<>(GraphletOutcome.class, registry);
        this.outcomes.configure(props, false);
        this.advisoryTopic = config.topics().advisories();
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(config.topics().advisories(), config.topics().outcomes())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "advisor-output-feed");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        if (record.topic().equals(advisoryTopic)) {
                            view.advisory(advisories.deserializer().deserialize(record.topic(), record.value()));
                        } else {
                            view.outcome(outcomes.deserializer().deserialize(record.topic(), record.value()));
                        }
                    } catch (RuntimeException e) {
                        undecodable++;
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("The dashboard's feed stopped: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    public long undecodable() {
        return undecodable;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
