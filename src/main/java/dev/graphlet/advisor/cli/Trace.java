package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A recorded trace of ExecutionEvents that can be read more than once: an Avro container file or a topic. */
interface Trace {

    String name();

    /** The progress scale of one pass (megabytes of a file, records of a topic). */
    long size();

    /** One pass over the trace; {@code progress} gets the position on the {@link #size()} scale now and then. */
    void forEach(Consumer<ExecutionEvent> action, LongConsumer progress) throws Exception;

    static Trace file(Path input) {
        if (!Files.isReadable(input)) {
            throw new UserError("Cannot read " + input + ": no such file");
        }
        return new Trace() {
            @Override
            public String name() {
                return input.getFileName().toString();
            }

            @Override
            public long size() {
                try {
                    return Math.max(1, Files.size(input) / 1_000_000);
                } catch (IOException e) {
                    throw new UserError("Cannot read " + input + ": " + e.getMessage());
                }
            }

            @Override
            public void forEach(Consumer<ExecutionEvent> action, LongConsumer progress) throws IOException {
                DataFileReader<ExecutionEvent> reader;
                try {
                    reader = new DataFileReader<>(input.toFile(), new SpecificDatumReader<>(ExecutionEvent.class));
                } catch (IOException | RuntimeException e) {
                    throw new UserError("Cannot read " + input + " as an Avro container file of ExecutionEvents: " + e.getMessage());
                }
                try (reader) {
                    long count = 0;
                    for (ExecutionEvent event : reader) {
                        action.accept(event);
                        if (++count % 10_000 == 0) {
                            progress.accept(reader.previousSync() / 1_000_000);
                        }
                    }
                }
            }
        };
    }

    /**
     * A topic from its beginning to its end when first read (read_committed). Partitions are read one after another:
     * a pipeline's events share a partition, so each pipeline's events keep their order.
     */
    static Trace topic(AdvisorConfig config, String topic) {
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        SpecificAvroSerde<ExecutionEvent> serde = new SpecificAvroSerde<>(ExecutionEvent.class, registry);
        serde.configure(props, false);
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<String, ExecutionEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new UserError("Topic '" + topic + "' does not exist at " + config.bootstrapServers());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            ends = consumer.endOffsets(partitions);
        }
        Map<TopicPartition, Long> fixedEnds = ends;
        long records = ends.values().stream().mapToLong(Long::longValue).sum();
        return new Trace() {
            @Override
            public String name() {
                return topic;
            }

            @Override
            public long size() {
                return Math.max(1, records);
            }

            @Override
            public void forEach(Consumer<ExecutionEvent> action, LongConsumer progress) {
                long done = 0;
                try (KafkaConsumer<String, ExecutionEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
                    for (TopicPartition partition : fixedEnds.keySet().stream()
                            .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList()) {
                        consumer.assign(List.of(partition));
                        consumer.seekToBeginning(List.of(partition));
                        long end = fixedEnds.get(partition);
                        while (consumer.position(partition) < end) {
                            for (ConsumerRecord<String, ExecutionEvent> record : consumer.poll(Duration.ofMillis(200))) {
                                if (record.offset() < end && record.value() != null) {
                                    action.accept(record.value());
                                }
                                done++;
                            }
                            progress.accept(done);
                        }
                    }
                }
            }
        };
    }
}
