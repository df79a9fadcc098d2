package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.bench.Progress;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.eval.AdvisorPolicy;
import dev.graphlet.advisor.eval.AdvisorReport;
import dev.graphlet.advisor.eval.Counterfactual;
import dev.graphlet.advisor.eval.TieOrder;
import dev.graphlet.advisor.scoring.Metric;
import dev.graphlet.advisor.scoring.MetricSpread;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.scoring.ModelFiles;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.ScoringSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Train a starting model offline from recorded history.",
                "%nThe advisor reads the trace in event time, scores every run at its decision points and learns from "
                        + "every outcome (it skips nothing), exactly as it learns online; the model it ends with is "
                        + "written to --out, for 'advisor run' (advisor.scoring.model-file) or 'advisor evaluate --model'. "
                        + "Never evaluate a model on the trace or simulator seed it was trained on."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE.avro", description = "The history: ExecutionEvents in an Avro container file.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "Where to write the model.")
    Path out;

    @Option(names = "--max-missed-deployments", defaultValue = "0.01",
            description = "The target miss rate the model's threshold is calibrated for (default: ${DEFAULT-VALUE}).")
    double maxMissed;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file whose advisor.scoring.curve-metric, higher-is-better and metric-unit say what "
                    + "the history's runs are judged by (default: auc, higher is better).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(maxMissed >= 0 && maxMissed < 1)) {
            throw new UserError("--max-missed-deployments must be at least 0 and below 1");
        }
        Trace trace = Trace.file(input);
        Metric metric = ConnectionOptions.metric(AdvisorConfig.load(Optional.ofNullable(configFile), System.getenv(),
                Optional.empty(), Optional.empty()), spec.commandLine().getErr());
        AdvisorPolicy advisor = new AdvisorPolicy(ScoringSettings.DEFAULTS.withMaxMissed(maxMissed).withMetric(metric),
                OnlineModel.fresh(), Mode.SHADOW)
                .measuringFeatures();
        // The counterfactual replay with the advisor alone, in SHADOW mode: it is asked at every decision point and
        // sees every run to its end.
        Counterfactual replay = new Counterfactual(List.of(advisor), 0, 0);
        MetricSpread spread = new MetricSpread(metric.name());
        try (ProgressBar bar = Progress.bar("Training on " + trace.name(), trace.size(), " " + trace.unit())) {
            TieOrder ordered = new TieOrder(event -> {
                spread.accept(event);
                replay.accept(event);
            });
            trace.forEach(ordered, position -> bar.stepTo(Math.min(position, bar.getMax())));
            ordered.flush();
            bar.stepTo(bar.getMax());
        }
        try {
            ModelFiles.write(advisor.model(), out);
        } catch (java.io.IOException e) {
            throw new UserError("Cannot write " + out + ": " + e.getMessage());
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("Learned from %,d runs; model written to %s%n", advisor.runsLearned(), out);
        printer.println(unitAdvice(metric, spread));
        printer.println();
        printer.print(AdvisorReport.markdown(advisor));
        printer.flush();
        return 0;
    }

    /** What the history says of the metric's unit: its run-to-run spread against the simulated AUC's. */
    static String unitAdvice(Metric metric, MetricSpread spread) {
        if (spread.pairs() < MetricSpread.MIN_PAIRS) {
            return String.format(Locale.ROOT, "Only %,d pairs of consecutive evaluations of '%s' in the history: too few "
                    + "to check advisor.scoring.metric-unit (now %s).", spread.pairs(), metric.name(), metric.unit());
        }
        return String.format(Locale.ROOT, "Consecutive evaluations of a pipeline differ by a median of %.4g in '%s' "
                        + "(%,d pairs; %.4g in the simulated fleet's AUC, whose unit is 0.01): advisor.scoring.metric-unit=%.2g "
                        + "reads this history on AUC's scale (now %s).", spread.median(), metric.name(), spread.pairs(),
                MetricSpread.SIMULATED_AUC, spread.suggestedUnit(), metric.unit());
    }
}
