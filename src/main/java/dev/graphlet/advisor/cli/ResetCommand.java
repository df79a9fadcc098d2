package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.topology.StreamsProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reset", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Reset the advisor's Kafka Streams application, so the next 'advisor run' reprocesses its input from the beginning.",
                "%nRuns Kafka's own StreamsResetter (kafka-tools) for the application id: the input topics' committed "
                        + "offsets go back to the earliest, the application's internal topics (changelogs, repartition topics) "
                        + "are deleted; then the local state directory of the application is deleted. Stop every instance "
                        + "first. The output topics are left as they are."})
final class ResetCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--dry-run", description = "Say what would be reset, change nothing.")
    boolean dryRun;

    @Option(names = "--keep-local-state", description = "Leave the local state directory alone.")
    boolean keepLocalState;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AdvisorConfig config = connection.load();
        Reachability.kafka(config);
        String applicationId = config.get(StreamsConfig.APPLICATION_ID_CONFIG, StreamsProperties.DEFAULT_APPLICATION_ID);
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", config.bootstrapServers(),
                "--application-id", applicationId,
                "--input-topics", config.topics().events() + "," + config.topics().feedback(),
                "--to-earliest"));
        if (dryRun) {
            args.add("--dry-run");
        }
        Properties clients = new Properties();
        config.kafkaProperties().forEach((k, v) -> clients.put(k, String.valueOf(v)));
        int code = new StreamsResetter().execute(args.toArray(String[]::new), clients);
        if (code != 0) {
            throw new UserError("Kafka's StreamsResetter refused to reset " + applicationId
                    + " (exit " + code + "): stop every advisor instance of it first (its consumer group must be empty)");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path state = Path.of(config.get(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/kafka-streams"))
                .resolve(applicationId);
        if (keepLocalState || !Files.exists(state)) {
            out.println("Local state " + state + (keepLocalState ? " kept." : " not present."));
        } else if (dryRun) {
            out.println("Would delete the local state " + state);
        } else {
            Utils.delete(state.toFile());
            out.println("Deleted the local state " + state);
        }
        out.flush();
        return 0;
    }
}
