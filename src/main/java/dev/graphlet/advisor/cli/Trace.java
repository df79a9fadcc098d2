package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.TopicRetention;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.replay.Replay;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A recorded trace of ExecutionEvents that can be read more than once: an Avro container file (progress in megabytes)
 * or a topic (progress in records).
 */
interface Trace extends Replay.Source {

    /** Records buffered per partition while merging a topic's partitions in event-time order. */
    int MAX_BUFFERED = 20_000;

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
            public String unit() {
                return "MB";
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
     * A topic from its beginning to its end when first read (read_committed), its partitions merged in event-time
     * order (a policy that learns across pipelines must not see one partition's future before another's past); a
     * pipeline's events share a partition, so each pipeline's events keep their order. When records at its start are
     * already gone (retention deletes past-dated history by its event time), says so on {@code warnings}.
     */
    static Trace topic(AdvisorConfig config, String topic, PrintWriter warnings) {
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        SpecificAvroSerde<ExecutionEvent> serde = new SpecificAvroSerde<>(ExecutionEvent.class, registry);
        serde.configure(props, false);
        Map<TopicPartition, Long> ends;
        Map<TopicPartition, Long> starts;
        try (KafkaConsumer<String, ExecutionEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new UserError("Topic '" + topic + "' does not exist at " + config.bootstrapServers());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            ends = consumer.endOffsets(partitions);
            starts = consumer.beginningOffsets(partitions);
        }
        if (starts.values().stream().anyMatch(offset -> offset > 0)) {
            Optional<Long> retention;
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                retention = TopicRetention.retentionMs(admin, topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                retention = Optional.empty();
            }
            TopicRetention.traceWarning(topic, starts, retention).ifPresent(w -> {
                warnings.println("warning: " + w);
                warnings.flush();
            });
        }
        Map<TopicPartition, Long> fixedEnds = ends;
        long records = ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.get(e.getKey())).sum();
        return new Trace() {
            @Override
            public String name() {
                return topic;
            }

            @Override
            public String unit() {
                return "records";
            }

            @Override
            public long size() {
                return Math.max(1, records);
            }

            @Override
            public void forEach(Consumer<ExecutionEvent> action, LongConsumer progress) {
                long done = 0;
                Map<TopicPartition, ArrayDeque<ExecutionEvent>> heads = new HashMap<>();
                fixedEnds.keySet().forEach(p -> heads.put(p, new ArrayDeque<>()));
                try (KafkaConsumer<String, ExecutionEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
                    List<TopicPartition> all = new ArrayList<>(fixedEnds.keySet());
                    consumer.assign(all);
                    consumer.seekToBeginning(all);
                    Set<TopicPartition> reading = new HashSet<>();
                    all.stream().filter(p -> fixedEnds.get(p) > 0).forEach(reading::add);
                    while (true) {
                        // Merge the partitions in event-time order: emit while every partition still being read has a
                        // record buffered (so none could hold an earlier one); otherwise read more.
                        boolean starved = reading.stream().anyMatch(p -> heads.get(p).isEmpty());
                        if (starved) {
                            for (TopicPartition partition : reading) { // bound the buffers of partitions ahead
                                if (heads.get(partition).size() > MAX_BUFFERED) {
                                    consumer.pause(List.of(partition));
                                } else {
                                    consumer.resume(List.of(partition));
                                }
                            }
                            for (ConsumerRecord<String, ExecutionEvent> record : consumer.poll(Duration.ofMillis(200))) {
                                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                                if (record.offset() < fixedEnds.get(partition) && record.value() != null) {
                                    heads.get(partition).add(record.value());
                                }
                                done++;
                            }
                            for (TopicPartition partition : new ArrayList<>(reading)) {
                                if (consumer.position(partition) >= fixedEnds.get(partition)) {
                                    reading.remove(partition);
                                    consumer.pause(List.of(partition));
                                }
                            }
                            progress.accept(done);
                            continue;
                        }
                        TopicPartition next = null;
                        for (Map.Entry<TopicPartition, ArrayDeque<ExecutionEvent>> entry : heads.entrySet()) {
                            ExecutionEvent head = entry.getValue().peek();
                            if (head != null && (next == null || head.getEventTime().isBefore(heads.get(next).peek().getEventTime())
                                    || (head.getEventTime().equals(heads.get(next).peek().getEventTime())
                                    && entry.getKey().partition() < next.partition()))) {
                                next = entry.getKey();
                            }
                        }
                        if (next == null) {
                            return; // every partition read to its end and emptied
                        }
                        action.accept(heads.get(next).poll());
                    }
                }
            }
        };
    }
}
