package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.serde.AvroDeserializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tail", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Print a topic's records decoded through the schema registry, as JSON lines.",
                "%nOne value per line in Avro's JSON encoding, as Confluent's Avro console consumer prints it. "
                        + "Reads all partitions without joining a consumer group; only committed records "
                        + "(read_committed)."})
final class TailCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest record instead of the end.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Stop when no record arrives for this long (default: follow until Ctrl-C).")
    Long idleTimeout;

    @Option(names = "--print-key", description = "Print the key and a tab before each value.")
    boolean printKey;

    @Override
    public Integer call() throws IOException {
        if (max != null && max < 1) {
            throw new UserError("--max must be at least 1");
        }
        AdvisorConfig config = connection.load();
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<Object> values = new AvroDeserializer<>(registry);
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean stopping = new AtomicBoolean();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new UserError("Topic '" + topic + "' does not exist at " + config.bootstrapServers());
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long printed = 0;
            long lastRecord = System.nanoTime();
            // Ctrl-C wakes the consumer; the hook then waits until this loop has ended, not for this thread.
            try (GracefulStop stop = new GracefulStop("tail-shutdown", stopping, Duration.ofSeconds(5), consumer::wakeup)) {
                while (max == null || printed < max) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty() && idleTimeout != null
                            && System.nanoTime() - lastRecord > Duration.ofSeconds(idleTimeout).toNanos()) {
                        break;
                    }
                    for (ConsumerRecord<String, byte[]> record : records) {
                        lastRecord = System.nanoTime();
                        Object value = values.deserialize(topic, record.value());
                        String text = value == null ? "null" : value instanceof GenericContainer c
                                ? AvroJson.write(c.getSchema(), value) : String.valueOf(value);
                        out.println(printKey ? record.key() + "\t" + text : text);
                        out.flush();
                        if (max != null && ++printed >= max) {
                            break;
                        }
                    }
                }
            } catch (WakeupException e) {
                if (!stopping.get()) {
                    throw e;
                }
            }
        }
        return 0;
    }
}
