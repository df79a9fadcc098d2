package dev.graphlet.advisor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.replay.Replay;
import dev.graphlet.advisor.replay.ReplayHtml;
import dev.graphlet.advisor.replay.ReplayReport;
import dev.graphlet.advisor.scoring.Metric;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Run the advisor's topology over recorded history (a file or a topic) and report what it finds.",
                "%nThe trace is loaded into a private local stack, each partition ends with an end-of-input record "
                        + "(graphlets still open are reported OPEN, not as waste), and a fresh application processes it "
                        + "from the beginning in event time. Writes report.json and report.html (with a plot): waste, "
                        + "what following the advisories would have saved, deployments that would have been lost, push "
                        + "cadence per pipeline before and after. Runs are judged by the configured metric (--config: "
                        + "advisor.scoring.curve-metric, higher-is-better, metric-unit; default auc). The same trace gives "
                        + "the same report."})
final class ReplayCommand implements Callable<Integer> {

    static final class From {
        @Option(names = "--input", required = true, paramLabel = "FILE.avro", description = "The trace: ExecutionEvents in an Avro container file.")
        Path input;

        @Option(names = "--topic", required = true, paramLabel = "TOPIC",
                description = "The trace: a topic of ExecutionEvents, from its beginning to its end now (read_committed), merged in event time.")
        String topic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the replay's topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--report", defaultValue = "replay-report", paramLabel = "DIR", description = "Where to write the report (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--model", paramLabel = "FILE.json",
            description = "The advisor's starting model (from 'advisor train' on other history). Default: none, it learns from scratch.")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new UserError("--partitions must be at least 1");
        }
        if (model != null && !Files.isReadable(model)) {
            throw new UserError("Cannot read model file " + model);
        }
        AdvisorConfig config = connection.load();
        Metric metric = ConnectionOptions.metric(config, spec.commandLine().getErr());
        Trace trace = from.input != null ? Trace.file(from.input) : Trace.topic(config, from.topic, spec.commandLine().getErr());
        ReplayReport result = new Replay(partitions, java.util.Optional.ofNullable(model), metric).run(trace);
        Files.createDirectories(report);
        Files.writeString(report.resolve("report.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result) + "\n");
        ReplayHtml.write(result, report.resolve("report.html"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Replayed %,d events: %,d graphlets (%,d still open), %,d deployed; %,.0f of %,.0f cost units wasted (%.1f%%).%n",
                result.events(), result.graphlets(), result.open(), result.deployed(), result.wastedCost(), result.totalCost(),
                100 * result.wastedShare());
        out.printf(Locale.ROOT, "Following the advisories: %,d SKIPs, %,.0f cost units saved, %.1f%% of the waste avoided, %,d deployments lost.%n",
                result.advisedSkip(), result.savedIfFollowed(), 100 * result.wasteAvoidedIfFollowed(), result.deploymentsLostIfFollowed());
        out.println("Report: " + report.resolve("report.html") + " and " + report.resolve("report.json"));
        out.flush();
        return 0;
    }
}
