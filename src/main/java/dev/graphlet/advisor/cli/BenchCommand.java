package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.bench.FleetBenchmark;
import dev.graphlet.advisor.bench.TopologyBenchmark;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Measure the graphlet topology.",
                "%nWithout --fleet: events per second through TopologyTestDriver and through an in-process broker "
                        + "(exactly-once, Avro, embedded registry) beside a plain consumer of the same topic, on generated "
                        + "runs, and the bytes of state one pipeline holds after 150 graphlets.",
                "%nWith --fleet: the paper-scale simulated fleet is loaded into a local stack's events topic (load time "
                        + "reported apart), read by a plain consumer (bytes only, then decoding), by two Kafka Streams "
                        + "yardstick applications with the advisor's delivery settings (a stateless pass; Avro decoding with "
                        + "one store read and write per event), then processed by ./advisor run in a child JVM with a capped "
                        + "heap: events per second of each and their ratios, processing time, peak heap."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fleet", description = "The paper-scale benchmark on the simulated fleet.")
    boolean fleet;

    @Option(names = "--pipelines", description = "Pipelines (default: 1000 generated; with --fleet 3000 simulated).")
    Integer pipelines;

    @Option(names = "--runs", defaultValue = "30", description = "Without --fleet: runs per pipeline, 15 events each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--days", defaultValue = "120", description = "With --fleet: simulated days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--partitions", defaultValue = "2", description = "With --fleet: partitions of the topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--heap", defaultValue = "512m", description = "With --fleet: the advisor's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--repeat", defaultValue = "1", description = "With --fleet: advisor runs over the loaded topic, "
            + "each with its own application id, state and output topics; their median is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--no-broker", description = "Without --fleet: skip the broker measurement.")
    boolean noBroker;

    @Override
    public Integer call() throws Exception {
        if (fleet) {
            SimulationSettings settings;
            try {
                SimulationSettings paper = SimulationSettings.PAPER_SCALE;
                settings = new SimulationSettings(pipelines == null ? paper.pipelines() : pipelines, days, paper.seed(),
                        paper.drift(), paper.pushRate(), paper.start());
            } catch (IllegalArgumentException e) {
                throw new UserError("Bad benchmark option: " + e.getMessage());
            }
            if (partitions < 1 || repeat < 1 || !heap.matches("\\d+[kKmMgG]?")) {
                throw new UserError("--partitions and --repeat must be at least 1 and --heap a JVM size such as 512m");
            }
            new FleetBenchmark(settings, partitions, heap, repeat, spec.commandLine().getOut()).run();
            return 0;
        }
        int generated = pipelines == null ? 1000 : pipelines;
        if (generated < 1 || runs < 1) {
            throw new UserError("--pipelines and --runs must be at least 1");
        }
        new TopologyBenchmark(generated, runs, spec.commandLine().getOut()).run(!noBroker);
        return 0;
    }
}
