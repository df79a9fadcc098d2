package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.mlmd.MlmdEvents;
import dev.graphlet.advisor.mlmd.MlmdException;
import dev.graphlet.advisor.mlmd.MlmdStore;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "mlmd", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Bring TFX provenance from an ML Metadata store: its executions as ExecutionEvents.",
                "%nReads the store read-only (a SQLite file, or jdbc:mysql:// / jdbc:mariadb:// URLs), MLMD schema versions 4 to 10."})
final class MlmdCommand implements Runnable {

    @Spec
    CommandSpec spec;

    static final class Target {
        @Option(names = "--out", required = true, paramLabel = "FILE.avro", description = "Write an Avro container file of ExecutionEvents.")
        Path out;

        @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Publish to this topic (Avro, Confluent wire format).")
        String topic;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: import");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import every execution of the store, in event-time order: a RUNNING and a terminal event each, with deterministic event ids.")
    int importStore(@Mixin ConnectionOptions connection,
                    @Option(names = "--db", required = true, paramLabel = "PATH_OR_JDBC_URL", description = "The MLMD store.") String db,
                    @ArgGroup(exclusive = true, multiplicity = "1") Target target,
                    @Option(names = "--cost-property", paramLabel = "NAME",
                            description = "Execution property holding each execution's cost (default: one cost unit per minute of duration).") String costProperty)
            throws Exception {
        List<ExecutionEvent> events;
        int version;
        try (MlmdStore store = MlmdStore.open(db)) {
            version = store.schemaVersion();
            events = MlmdEvents.of(store, 0, Optional.ofNullable(costProperty));
        } catch (MlmdException e) {
            throw new UserError(e.getMessage());
        } catch (SQLException e) {
            throw new UserError("Cannot read the MLMD store " + db + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        // Everything is read before anything is written: a store that fails to read publishes nothing.
        if (target.out != null) {
            try (DataFileWriter<ExecutionEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(ExecutionEvent.class))) {
                writer.create(ExecutionEvent.getClassSchema(), target.out.toFile());
                for (ExecutionEvent event : events) {
                    writer.append(event);
                }
            }
        } else {
            AdvisorConfig config = connection.load();
            SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
            try (EventWriter writer = new EventWriter(config.clientProperties(), registry, target.topic)) {
                for (ExecutionEvent event : events) {
                    writer.send(event);
                }
                writer.flush();
            }
        }
        long executions = events.stream().map(ExecutionEvent::getExecutionId).distinct().count();
        long pipelines = events.stream().map(ExecutionEvent::getPipelineId).distinct().count();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Imported %,d executions of %,d pipeline(s) from MLMD schema v%d: %,d events to %s%n", executions, pipelines,
                version, events.size(), target.out != null ? target.out : target.topic);
        out.flush();
        return 0;
    }
}
