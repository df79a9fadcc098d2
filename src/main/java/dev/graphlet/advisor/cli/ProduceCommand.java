package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.serde.AvroSerdeConfig;
import dev.graphlet.advisor.serde.AvroSerializer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "produce", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Write JSON lines to a topic as Avro, like Confluent's Avro console producer.",
                "%nOne value per line in Avro's JSON encoding (unions as {\"type\": value}), serialized in "
                        + "Confluent's wire format with the schema registered under <topic>-value. The key is the "
                        + "string value of --key-field."})
final class ProduceCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to write to.")
    String topic;

    @Option(names = "--schema", required = true, paramLabel = "FILE.avsc", description = "The value schema.")
    Path schemaFile;

    @Option(names = "--key-field", paramLabel = "FIELD", defaultValue = "pipelineId",
            description = "Top-level field whose value is the record key (default: ${DEFAULT-VALUE}).")
    String keyField;

    @Option(names = "--input", paramLabel = "FILE", description = "Read lines from FILE instead of standard input.")
    Path input;

    @Option(names = "--no-auto-register", negatable = false,
            description = "Do not register the schema: it must already be registered under <topic>-value.")
    boolean noAutoRegister;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Schema schema = readSchema();
        if (schema.getType() != Schema.Type.RECORD || schema.getField(keyField) == null) {
            throw new UserError("Schema " + schemaFile + " has no top-level field '" + keyField + "' for the key: pass --key-field");
        }
        AdvisorConfig config = connection.load();
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(AvroSerdeConfig.AUTO_REGISTER, String.valueOf(!noAutoRegister));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        AvroSerializer<Object> values = new AvroSerializer<>(registry);
        values.configure(props, false);
        int count = 0;
        try (BufferedReader reader = input == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(input, StandardCharsets.UTF_8);
             KafkaProducer<String, Object> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                GenericRecord record;
                try {
                    record = (GenericRecord) AvroJson.read(schema, line);
                } catch (IOException | RuntimeException e) {
                    throw new UserError("Line " + lineNumber + " is not a " + schema.getFullName()
                            + " in Avro's JSON encoding: " + e.getMessage());
                }
                Object key = record.get(keyField);
                producer.send(new ProducerRecord<>(topic, key == null ? null : key.toString(), record)).get();
                count++;
            }
        } catch (ExecutionException e) {
            throw new UserError("Cannot write to topic '" + topic + "': " + e.getCause().getMessage());
        }
        spec.commandLine().getErr().println("Produced " + count + " record(s) to " + topic);
        return 0;
    }

    private Schema readSchema() {
        try {
            return new Schema.Parser().parse(Files.readString(schemaFile));
        } catch (IOException e) {
            throw new UserError("Cannot read schema file " + schemaFile + ": " + e.getMessage());
        } catch (SchemaParseException e) {
            throw new UserError("Schema file " + schemaFile + " is not a valid Avro schema: " + e.getMessage());
        }
    }
}
