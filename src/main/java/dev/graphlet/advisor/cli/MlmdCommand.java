package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.mlmd.MlmdEvents;
import dev.graphlet.advisor.mlmd.MlmdException;
import dev.graphlet.advisor.mlmd.MlmdFollower;
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

    static final int DEFAULT_RESCAN = 1000;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: import or follow");
    }

    @Command(name = "follow", mixinStandardHelpOptions = true,
            description = {"Publish new and changed executions as they appear, until Ctrl-C.",
                    "Polls the store read-only every --interval: executions above the watermark and a trailing re-scan "
                            + "window below it (rows committed out of order), and executions still running. What was "
                            + "published is kept in --state, so a restart resumes with no duplicate and no gap."})
    int follow(@Mixin ConnectionOptions connection,
               @Option(names = "--db", required = true, paramLabel = "PATH_OR_JDBC_URL", description = "The MLMD store.") String db,
               @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Where to publish.") String topic,
               @Option(names = "--state", defaultValue = "mlmd-follow.json", paramLabel = "FILE.json",
                       description = "The watermark and what was published (default: ${DEFAULT-VALUE}).") Path stateFile,
               @Option(names = "--interval", defaultValue = "10", paramLabel = "SECONDS", description = "Seconds between polls (default: ${DEFAULT-VALUE}).") double interval,
               @Option(names = "--rescan", defaultValue = "" + DEFAULT_RESCAN, paramLabel = "N",
                       description = "Executions below the watermark read again on every poll (default: ${DEFAULT-VALUE}).") int rescan,
               @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: until Ctrl-C).") Double duration,
               @Option(names = "--cost-property", paramLabel = "NAME", description = "Execution property holding each execution's cost.") String costProperty)
            throws Exception {
        if (interval <= 0 || rescan < 0 || (duration != null && duration <= 0)) {
            throw new UserError("--interval and --duration must be positive, --rescan at least 0");
        }
        AdvisorConfig config = connection.load();
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        MlmdFollower follower;
        try {
            follower = new MlmdFollower(stateFile, rescan, Optional.ofNullable(costProperty));
        } catch (MlmdException e) {
            throw new UserError(e.getMessage());
        }
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        long total = 0;
        try (GracefulStop stop = new GracefulStop("mlmd-follow-shutdown", stopping, java.time.Duration.ofSeconds(30));
             MlmdStore store = MlmdStore.open(db);
             EventWriter writer = new EventWriter(config.clientProperties(), registry, topic)) {
            out.printf("Following %s (MLMD schema v%d) into %s from execution #%d; state in %s%n", db, store.schemaVersion(),
                    topic, follower.watermark(), stateFile);
            out.flush();
            while (!stopping.get()) {
                List<ExecutionEvent> fresh = follower.unpublished(store);
                for (ExecutionEvent event : fresh) {
                    writer.send(event);
                }
                writer.flush(); // acknowledged before the state says so
                follower.published(fresh);
                total += fresh.size();
                out.printf("\rfollowed: %,d events published, watermark execution #%d   ", total, follower.watermark());
                out.flush();
                long elapsed = System.nanoTime() - started;
                if (duration != null && elapsed / 1e9 >= duration) {
                    break;
                }
                long sleep = (long) (interval * 1000);
                for (long slept = 0; slept < sleep && !stopping.get(); slept += 100) {
                    Thread.sleep(Math.min(100, sleep - slept));
                }
            }
        } catch (MlmdException e) {
            throw new UserError(e.getMessage());
        } catch (SQLException e) {
            throw new UserError("Cannot read the MLMD store " + db + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        out.printf("%nStopped: %,d events published; watermark execution #%d%n", total, follower.watermark());
        out.flush();
        return 0;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import every execution of the store, in event-time order: a RUNNING and a terminal event each, with deterministic event ids.")
    int importStore(@Mixin ConnectionOptions connection,
                    @Option(names = "--db", required = true, paramLabel = "PATH_OR_JDBC_URL", description = "The MLMD store.") String db,
                    @ArgGroup(exclusive = true, multiplicity = "1") Target target,
                    @Option(names = "--cost-property", paramLabel = "NAME",
                            description = "Execution property holding each execution's cost (default: one cost unit per minute of duration).") String costProperty,
                    @Option(names = "--state", paramLabel = "FILE.json",
                            description = "Remember what was published here, and publish only what is not yet (as 'mlmd follow' does).") Path stateFile)
            throws Exception {
        List<ExecutionEvent> events;
        int version;
        MlmdFollower follower = null;
        try (MlmdStore store = MlmdStore.open(db)) {
            version = store.schemaVersion();
            if (stateFile != null) {
                follower = new MlmdFollower(stateFile, DEFAULT_RESCAN, Optional.ofNullable(costProperty));
                events = follower.unpublished(store);
            } else {
                events = MlmdEvents.of(store, 0, Optional.ofNullable(costProperty));
            }
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
        if (follower != null) {
            follower.published(events);
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
