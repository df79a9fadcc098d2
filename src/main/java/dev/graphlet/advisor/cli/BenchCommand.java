package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.bench.TopologyBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Measure the graphlet topology on generated TFX-style runs.",
                "%nPrints events per second through TopologyTestDriver and through an in-process broker (exactly-once, "
                        + "Avro, embedded registry) beside a plain consumer of the same topic, and the bytes of state "
                        + "one pipeline holds after 150 graphlets."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pipelines", defaultValue = "1000", description = "Pipelines generated (default: ${DEFAULT-VALUE}).")
    int pipelines;

    @Option(names = "--runs", defaultValue = "30", description = "Runs per pipeline, 15 events each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--no-broker", description = "Skip the broker measurement.")
    boolean noBroker;

    @Override
    public Integer call() throws Exception {
        if (pipelines < 1 || runs < 1) {
            throw new UserError("--pipelines and --runs must be at least 1");
        }
        new TopologyBenchmark(pipelines, runs, spec.commandLine().getOut()).run(!noBroker);
        return 0;
    }
}
