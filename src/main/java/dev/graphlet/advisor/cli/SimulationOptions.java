package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.sim.FleetMetric;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** The simulated fleet's options, shared by every verb that simulates. */
final class SimulationOptions {

    @Option(names = "--pipelines", defaultValue = "3000", description = "Pipelines in the fleet (default: ${DEFAULT-VALUE}).")
    int pipelines;

    @Option(names = "--days", defaultValue = "120", description = "Simulated days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--drift", defaultValue = "1.0",
            description = "Data-drift regime as a multiple of the default (0 = none; default: ${DEFAULT-VALUE}).")
    double drift;

    @Option(names = "--push-rate", defaultValue = "0.85",
            description = "Share of runs a steady pipeline would deploy (default: ${DEFAULT-VALUE}).")
    double pushRate;

    @Option(names = "--metric", defaultValue = "auc", paramLabel = "auc|loss",
            description = "What the Trainers and Evaluators report: auc, or a loss (lower is better, three times 1 - AUC) "
                    + "on the very same fleet (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--start", defaultValue = "2024-01-01T00:00:00Z", paramLabel = "INSTANT",
            description = "Event time the simulation starts at (default: ${DEFAULT-VALUE}).")
    String start;

    SimulationSettings settings() {
        Instant at;
        try {
            at = Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new UserError("--start must be an ISO-8601 instant such as 2024-01-01T00:00:00Z, not '" + start + "'");
        }
        try {
            return new SimulationSettings(pipelines, days, seed, drift, pushRate, at, FleetMetric.parse(metric));
        } catch (IllegalArgumentException e) {
            throw new UserError("Bad simulation option: " + e.getMessage());
        }
    }
}
