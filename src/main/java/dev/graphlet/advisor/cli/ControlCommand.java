package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.local.TopicReader;
import dev.graphlet.advisor.contract.ModelSnapshot;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.scoring.Control;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import dev.graphlet.advisor.web.ControlWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "control", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Change what a running advisor does, without a restart: modes, the kill switch, model rollback.",
                "%nWrites to the compacted control topic (advisor.control), which every advisor instance reads; a change "
                        + "applies to the next decision point. The mode in force for a pipeline is OFF under the kill "
                        + "switch, else the pipeline's own mode, else the fleet's, else advisor.policy.mode."})
final class ControlCommand implements Runnable {

    /** The connection options, given after the subcommand ('advisor control mode ACTIVE --bootstrap ...'). */
    private ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Command(name = "mode", mixinStandardHelpOptions = true,
            description = "Set the fleet's mode, or one pipeline's (--pipeline); --clear removes a pipeline's own mode.")
    int mode(@Mixin ConnectionOptions options, @Parameters(paramLabel = "MODE", arity = "0..1", description = "OFF, SHADOW or ACTIVE.") String mode,
             @Option(names = "--pipeline", paramLabel = "ID", description = "Only this pipeline.") String pipeline,
             @Option(names = "--clear", description = "Remove the pipeline's own mode (it follows the fleet's again).") boolean clear) {
        this.connection = options;
        String key = pipeline == null ? Control.FLEET_MODE : Control.PIPELINE_MODE + pipeline;
        if (clear) {
            if (pipeline == null) {
                throw new UserError("--clear needs --pipeline: the fleet always has a mode");
            }
            send(key, null);
            return done("cleared " + key);
        }
        if (mode == null) {
            throw new UserError("Give a mode: OFF, SHADOW or ACTIVE");
        }
        Mode parsed;
        try {
            parsed = Mode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        send(key, parsed.name());
        return done(key + " = " + parsed);
    }

    @Command(name = "kill-switch", mixinStandardHelpOptions = true,
            description = "on: silence every advisory at once (as mode OFF everywhere); off: back to the modes.")
    int killSwitch(@Mixin ConnectionOptions options, @Parameters(paramLabel = "on|off") String state) {
        this.connection = options;
        if (!Control.valid(Control.KILL_SWITCH, state)) {
            throw new UserError("The kill switch is 'on' or 'off', not '" + state + "'");
        }
        String value = Control.isOn(state) ? "on" : "off";
        send(Control.KILL_SWITCH, value);
        return done(Control.KILL_SWITCH + " = " + value);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the control topic's settings in force.")
    int show(@Mixin ConnectionOptions options) {
        this.connection = options;
        AdvisorConfig config = connection.load();
        Reachability.kafka(config);
        Map<String, String> settings = new TreeMap<>();
        readAll(config, config.topics().control(), new StringDeserializer(), (key, value) -> {
            if (value == null) {
                settings.remove(key);
            } else {
                settings.put(key, key.startsWith(Control.ROLLBACK) ? value.split("\\s+", 2)[0] + " (snapshot)" : value);
            }
        });
        PrintWriter out = spec.commandLine().getOut();
        if (settings.isEmpty()) {
            out.println("(no settings: every pipeline runs in advisor.policy.mode)");
        }
        settings.forEach((k, v) -> out.println(k + " = " + v));
        out.flush();
        return 0;
    }

    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "List the model snapshots on the model topic (the latest few per task).")
    int models(@Mixin ConnectionOptions options) {
        this.connection = options;
        AdvisorConfig config = connection.load();
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        PrintWriter out = spec.commandLine().getOut();
        out.println("task\tversion\tevent time\tthreshold");
        snapshots(config, registry).values().stream()
                .sorted((a, b) -> a.getTask().equals(b.getTask()) ? Long.compare(number(a), number(b)) : a.getTask().compareTo(b.getTask()))
                .forEach(s -> out.printf("%s\t%s\t%s\t%.4f%n", s.getTask(), s.getVersion(), s.getEventTime(), s.getThreshold()));
        out.flush();
        return 0;
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Restore a task's model to one of its snapshots (see 'control models').")
    int rollback(@Mixin ConnectionOptions options, @Option(names = "--task", required = true, paramLabel = "TASK", description = "e.g. task-0") String task,
                 @Option(names = "--to", required = true, paramLabel = "VERSION", description = "e.g. m12000") String version) {
        this.connection = options;
        AdvisorConfig config = connection.load();
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        ModelSnapshot snapshot = snapshots(config, registry).values().stream()
                .filter(s -> s.getTask().equals(task) && s.getVersion().equals(version)).findFirst()
                .orElseThrow(() -> new UserError("No snapshot " + version + " of " + task + " on " + config.topics().model()
                        + ": 'advisor control models' lists those kept"));
        ByteBuffer state = snapshot.getState().duplicate();
        byte[] bytes = new byte[state.remaining()];
        state.get(bytes);
        send(Control.ROLLBACK + task, UUID.randomUUID() + " " + Base64.getEncoder().encodeToString(bytes));
        return done(task + " rolls back to " + version + " (applied within seconds by the instance that owns it)");
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: mode, kill-switch, show, models or rollback");
    }

    private static long number(ModelSnapshot s) {
        try {
            return Long.parseLong(s.getVersion().substring(1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private Map<String, ModelSnapshot> snapshots(AdvisorConfig config, SchemaRegistryClient registry) {
        SpecificAvroSerde<ModelSnapshot> serde = new SpecificAvroSerde<>(ModelSnapshot.class, registry);
        serde.configure(config.clientProperties(), false);
        Map<String, ModelSnapshot> latest = new HashMap<>();
        readAll(config, config.topics().model(), serde.deserializer(), (key, value) -> {
            if (value == null) {
                latest.remove(key);
            } else {
                latest.put(key, value);
            }
        });
        return latest;
    }

    /** Every record of a (small, compacted) topic from its beginning to its end now. */
    private static <V> void readAll(AdvisorConfig config, String topic, Deserializer<V> values, BiConsumer<String, V> action) {
        try {
            TopicReader.readToEnd(config.clientProperties(), topic, new StringDeserializer(), values, READ_LIMIT,
                    record -> action.accept(record.key(), record.value()));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + " at " + config.bootstrapServers());
        }
    }

    /** How long reading the control or model topic may take. */
    private static final Duration READ_LIMIT = Duration.ofMinutes(5);

    private void send(String key, String value) {
        AdvisorConfig config = connection.load();
        Reachability.kafka(config);
        try (ControlWriter writer = new ControlWriter(config)) {
            writer.write(key, value);
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage() + " at " + config.bootstrapServers());
        }
    }

    private int done(String what) {
        spec.commandLine().getOut().println(what);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
