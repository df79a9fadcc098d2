package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.scoring.Metric;
import dev.graphlet.advisor.scoring.ScoringConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every verb that talks to Kafka shares. */
final class ConnectionOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: Kafka client/Streams settings pass through; advisor settings under 'advisor.'.")
    Path configFile;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (overrides bootstrap.servers; default localhost:9092).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL (overrides schema.registry.url; default http://localhost:8081).")
    String registry;

    AdvisorConfig load() {
        return AdvisorConfig.load(Optional.ofNullable(configFile), System.getenv(), Optional.ofNullable(bootstrap),
                Optional.ofNullable(registry));
    }

    /**
     * The metric the configuration judges runs by, or a user error saying which setting to fix; a metric named like a
     * loss but taken as higher-is-better is warned of on {@code err}.
     */
    static Metric metric(AdvisorConfig config, PrintWriter err) {
        Metric metric;
        try {
            metric = ScoringConfig.metric(config);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        warnOfDirection(metric, err);
        return metric;
    }

    /** A metric named like a loss but taken as higher-is-better is warned of on {@code err}, in one line. */
    static void warnOfDirection(Metric metric, PrintWriter err) {
        metric.directionWarning().ifPresent(warning -> {
            err.println(warning);
            err.flush();
        });
    }
}
