package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.local.TopicReader;
import dev.graphlet.advisor.topology.DeadLetters;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dlq", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Inspect the dead-letter topic and re-process dead letters after a fix.",
                "%nA dead letter keeps the original key and value bytes and headers naming where it came from "
                        + "(Kafka Streams' __streams.errors.topic) and why (advisor.dlq.reason, advisor.dlq.detail)."})
final class DlqCommand implements Runnable {

    /** Kafka Streams' header (KIP-1034) naming the topic a dead letter was read from. */
    static final String SOURCE_TOPIC_HEADER = "__streams.errors.topic";

    private ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: list or replay");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Count the dead letters by reason.")
    int list(@Mixin ConnectionOptions options) {
        this.connection = options;
        Map<String, Integer> counts = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : read()) {
            counts.merge(header(letter, DeadLetters.REASON_HEADER, "(none)"), 1, Integer::sum);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (counts.isEmpty()) {
            out.println("No dead letters.");
        }
        counts.forEach((reason, n) -> out.printf("%s\t%,d%n", reason, n));
        out.flush();
        return 0;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Write dead letters back to the topic they came from (their original key and value bytes), to be processed again.")
    int replay(@Mixin ConnectionOptions options,
               @Option(names = "--reason", paramLabel = "REASON", description = "Only dead letters of this reason (e.g. UNKNOWN_SCHEMA_ID).") String reason,
               @Option(names = "--to", paramLabel = "TOPIC", description = "Write them to this topic instead of the one they came from.") String to,
               @Option(names = "--dry-run", description = "Count what would be replayed, write nothing.") boolean dryRun) {
        this.connection = options;
        AdvisorConfig config = connection.load();
        List<ConsumerRecord<byte[], byte[]>> letters = read().stream()
                .filter(l -> reason == null || reason.equals(header(l, DeadLetters.REASON_HEADER, null))).toList();
        Map<String, Integer> byTopic = new TreeMap<>();
        if (!dryRun && !letters.isEmpty()) {
            Map<String, Object> props = new HashMap<>(config.clientProperties());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (ConsumerRecord<byte[], byte[]> letter : letters) {
                    String topic = to != null ? to : header(letter, SOURCE_TOPIC_HEADER, config.topics().events());
                    producer.send(new ProducerRecord<>(topic, null, letter.timestamp(), letter.key(), letter.value()));
                    byTopic.merge(topic, 1, Integer::sum);
                }
                producer.flush();
            } catch (RuntimeException e) {
                throw new UserError("Cannot write the dead letters back at " + config.bootstrapServers() + ": " + e.getMessage());
            }
        } else {
            letters.forEach(l -> byTopic.merge(to != null ? to : header(l, SOURCE_TOPIC_HEADER, config.topics().events()), 1, Integer::sum));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %,d dead letter(s)%s%n", dryRun ? "Would replay" : "Replayed", letters.size(),
                reason == null ? "" : " of reason " + reason);
        byTopic.forEach((topic, n) -> out.printf("  to %s: %,d%n", topic, n));
        out.flush();
        return 0;
    }

    private List<ConsumerRecord<byte[], byte[]>> read() {
        AdvisorConfig config = connection.load();
        Reachability.kafka(config);
        String topic = config.topics().deadLetters();
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try {
            TopicReader.readToEnd(config.clientProperties(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                    Duration.ofMinutes(5), letters::add);
        } catch (IllegalArgumentException e) {
            throw new UserError("The dead-letter topic '" + topic + "' does not exist at " + config.bootstrapServers());
        }
        return letters;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name, String absent) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? absent : new String(header.value(), StandardCharsets.UTF_8);
    }
}
