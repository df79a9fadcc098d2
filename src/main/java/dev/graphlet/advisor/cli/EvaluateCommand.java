package dev.graphlet.advisor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlet.advisor.eval.Baselines;
import dev.graphlet.advisor.eval.ClosedLoop;
import dev.graphlet.advisor.eval.Comparison;
import dev.graphlet.advisor.eval.SkipPolicy;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Compare skip policies on a simulated fleet in a closed loop.",
                "%nEach policy runs with its own copy of the fleet, in one process and without a broker: a SKIP "
                        + "cancels the run, the pipeline keeps its older model, and later runs feel it. Every policy "
                        + "is measured against the never-skip world of the same fleet: share of wasted cost avoided, "
                        + "deployments lost, pipelines losing more than 5% of their deployments, and the per-pipeline "
                        + "cadence ratio (new/old median push interval). Deterministic: the same options give the same "
                        + "table."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--closed-loop", required = true, description = "Run the simulator and each policy together.")
    boolean closedLoop;

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--format", defaultValue = "md", description = "Output format: md or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the table (in --format) to FILE.")
    Path output;

    @Option(names = "--threads", defaultValue = "2", description = "Policies evaluated at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("md") && !format.equals("json")) {
            throw new UserError("--format must be md or json, not '" + format + "'");
        }
        if (threads < 1) {
            throw new UserError("--threads must be at least 1");
        }
        SimulationSettings settings = simulation.settings();
        List<Function<Predicate<String>, SkipPolicy>> factories = new ArrayList<>();
        int count = Baselines.all(runId -> false).size();
        for (int i = 0; i < count; i++) {
            int index = i;
            factories.add(truth -> Baselines.all(truth).get(index));
        }
        long hours = settings.days() * 24L;
        AtomicLong done = new AtomicLong();
        List<ClosedLoop.World> worlds = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Evaluating " + count + " policies")
                .setInitialMax(hours * count).setUnit(" h", 1).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            List<Future<ClosedLoop.World>> futures = new ArrayList<>();
            for (Function<Predicate<String>, SkipPolicy> factory : factories) {
                futures.add(pool.submit(() -> ClosedLoop.run(settings, factory, time -> bar.stepTo(done.incrementAndGet()))));
            }
            for (Future<ClosedLoop.World> future : futures) {
                worlds.add(future.get());
            }
            bar.stepTo(bar.getMax());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
        Comparison comparison = new Comparison(worlds.get(0), worlds, settings.endMillis() - settings.startMillis());
        String text = format.equals("md") ? comparison.markdown()
                : new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(comparison.asMap()) + "\n";
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        if (output != null) {
            Files.writeString(output, text);
        }
        return 0;
    }
}
