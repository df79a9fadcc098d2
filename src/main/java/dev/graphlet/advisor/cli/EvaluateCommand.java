package dev.graphlet.advisor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlet.advisor.bench.Progress;
import dev.graphlet.advisor.eval.AdvisorPolicy;
import dev.graphlet.advisor.eval.AdvisorReport;
import dev.graphlet.advisor.eval.Baselines;
import dev.graphlet.advisor.eval.ClosedLoop;
import dev.graphlet.advisor.eval.Comparison;
import dev.graphlet.advisor.eval.Counterfactual;
import dev.graphlet.advisor.eval.GroundTruth;
import dev.graphlet.advisor.eval.InformationBound;
import dev.graphlet.advisor.eval.SkipPolicy;
import dev.graphlet.advisor.eval.TieOrder;
import dev.graphlet.advisor.eval.TradeoffPlot;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.scoring.Metric;
import dev.graphlet.advisor.scoring.ModelFiles;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.sim.SimulationSettings;
import dev.graphlet.advisor.state.ModelState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Compare skip policies: in a closed loop with the fleet simulator, or over a recorded trace.",
                "%nWith --closed-loop, each policy runs with its own copy of the fleet, in one process and without a broker: a SKIP "
                        + "cancels the run, the pipeline keeps its older model, and later runs feel it. Every policy "
                        + "is measured against the never-skip world of the same fleet: share of wasted cost avoided, "
                        + "deployments lost, pipelines losing more than 5%% of their deployments, and the per-pipeline "
                        + "cadence ratio (new/old median push interval). With --input, the policies replay a recorded trace "
                        + "in one pass: a skipped run's remaining events are hidden from the policy (except holdout runs, "
                        + "drawn per run, which teach it with weight 1/holdout), and its pushes are removed from the "
                        + "deployments and cadence. Runs are judged by the metric the simulated fleet reports (--metric) in "
                        + "the closed loop, and by the configured one (--config: advisor.scoring.curve-metric, "
                        + "higher-is-better, metric-unit; default auc) over a trace. Deterministic: the same options "
                        + "give the same table."})
final class EvaluateCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--closed-loop", required = true, description = "Run the simulator and each policy together.")
        boolean closedLoop;

        @Option(names = "--input", required = true, paramLabel = "FILE.avro",
                description = "Replay the policies over a recorded trace (ExecutionEvents in event-time order).")
        Path input;

        @Option(names = "--topic", required = true, paramLabel = "TOPIC",
                description = "Replay the policies over a topic of ExecutionEvents, from its beginning to its current end.")
        String topic;
    }

    @Mixin
    ConnectionOptions connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--holdout", defaultValue = "0.05",
            description = "With --input: share of would-be SKIPs answered CONTINUE so their outcome stays known (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--format", defaultValue = "md", description = "Output format: md or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the table (in --format) to FILE.")
    Path output;

    @Option(names = "--plot", defaultValue = "evaluation-tradeoff.png", paramLabel = "FILE.png",
            description = "Where to draw the trade-off curves, waste avoided against deployments lost (default: ${DEFAULT-VALUE}).")
    Path plot;

    @Option(names = "--threads", defaultValue = "2", description = "Policies evaluated at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--policies", split = ",", paramLabel = "FAMILY",
            description = "Only these policy families (never-skip, the reference, is always in): never-skip, tfx-cache, "
                    + "push-rate, median-stopping, advisor, perfect-foresight, perfect-foresight-guarded (held to the "
                    + "advisor's guards), information-bound and information-bound-guarded (the bound held to the "
                    + "advisor's guards; both closed loop only) (default: all).")
    List<String> families;

    @Option(names = "--advisor-max-missed", split = ",", defaultValue = "0.0025,0.005,0.01,0.02,0.04", paramLabel = "SHARE",
            description = "The advisor's target shares of missed deployments, one curve point each (default: ${DEFAULT-VALUE}).")
    List<Double> advisorMaxMissed;

    @Option(names = "--advisor-overdue-factor", paramLabel = "FACTOR", split = ",", converter = OverdueFactor.class,
            description = "The advisor's cadence guard: no SKIP once a pipeline's last push is this many usual intervals "
                    + "old, or off (default: advisor.policy.overdue-factor's default, 2). More than one: the first is the "
                    + "advisor's, each other adds the advisor with that guard as its own curve (advisor-overdue-F).")
    List<Double> advisorOverdueFactors;

    /** A positive factor, or off. */
    static final class OverdueFactor implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return ScoringSettings.parseOverdueFactor(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected " + ScoringSettings.OVERDUE_FACTOR_EXPECTED
                        + ", not '" + value + "'");
            }
        }
    }

    @Option(names = "--advisor-cost-weight", paramLabel = "WEIGHT",
            description = "How far a run's cost against the typical run's moves the advisor's miss budget toward it, "
                    + "0 to 1 (default: advisor.policy.cost-weight's default, 0.5).")
    Double advisorCostWeight;

    @Option(names = "--advisor-skip-at-run-start", paramLabel = "true|false", arity = "1",
            description = "Whether the advisor, and the bounds held to its guards, may SKIP at RUN_START (default: "
                    + "advisor.policy.skip-at-run-start's default, false).")
    Boolean advisorSkipAtRunStart;

    @Option(names = "--bound-below", split = ",", defaultValue = "0.02,0.05,0.1,0.2", paramLabel = "CHANCE",
            description = "With --closed-loop: the information bound SKIPs where the chance of a blessing, given all the "
                    + "simulator's hidden state but the run's own noise, is below each of these, one curve point each, "
                    + "with and without the advisor's guards (default: ${DEFAULT-VALUE}).")
    List<Double> boundBelow;

    @Option(names = "--bound-cost-weight", defaultValue = "1", paramLabel = "WEIGHT",
            description = "With --closed-loop: how far a run's cost against the typical run's divides the odds of its "
                    + "blessing before the information bound compares them, 0 to 1 (default: ${DEFAULT-VALUE}: it ranks "
                    + "runs by the waste a SKIP avoids per deployment it may lose).")
    double boundCostWeight;

    @Option(names = "--model", paramLabel = "FILE.json",
            description = "The advisor's starting model (from 'advisor train'; never one trained on the fleet or trace evaluated). Default: none, it learns from scratch.")
    Path model;

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
        if (holdout < 0 || holdout >= 1) {
            throw new UserError("--holdout must be at least 0 and below 1");
        }
        if (families != null) {
            for (String family : families) {
                if (!FAMILIES.contains(family)) {
                    throw new UserError("Unknown policy family '" + family + "' in --policies: expected one of " + String.join(", ", FAMILIES));
                }
            }
        }
        if (advisorCostWeight != null && !(advisorCostWeight >= 0 && advisorCostWeight <= 1)) {
            throw new UserError("--advisor-cost-weight must be between 0 and 1, not " + advisorCostWeight);
        }
        for (double b : boundBelow) {
            if (!(b > 0 && b < 1)) {
                throw new UserError("--bound-below values must be above 0 and below 1, not " + b);
            }
        }
        if (!(boundCostWeight >= 0 && boundCostWeight <= 1)) {
            throw new UserError("--bound-cost-weight must be between 0 and 1, not " + boundCostWeight);
        }
        for (double m : advisorMaxMissed) {
            if (!(m >= 0 && m < 1)) {
                throw new UserError("--advisor-max-missed values must be at least 0 and below 1, not " + m);
            }
        }
        startModel = model == null ? null : loadModel(model);
        metric = mode.closedLoop ? ClosedLoop.metric(simulation.settings()) : configuredMetric();
        Comparison comparison = mode.input != null ? counterfactual(Trace.file(mode.input))
                : mode.topic != null ? counterfactual(Trace.topic(connection.load(), mode.topic, spec.commandLine().getErr())) : closedLoop();
        String text = format.equals("md") ? comparison.markdown()
                : new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(comparison.asMap()) + "\n";
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        TradeoffPlot.write(comparison, mode.input != null ? "Policies replayed over " + mode.input.getFileName()
                : mode.topic != null ? "Policies replayed over topic " + mode.topic
                : "Policies in a closed loop with the simulated fleet", plot);
        if (format.equals("md")) {
            out.println();
            out.println("Trade-off curves: " + plot);
        }
        if (format.equals("md") && reported.get() != null) {
            out.println();
            out.print(AdvisorReport.markdown(reported.get()));
        }
        out.flush();
        if (output != null) {
            Files.writeString(output, text);
        }
        return 0;
    }

    static final List<String> FAMILIES = List.of("never-skip", "tfx-cache", "push-rate", "median-stopping", AdvisorPolicy.FAMILY,
            Baselines.PerfectForesight.NAME, Baselines.PerfectForesight.GUARDED, InformationBound.FAMILY,
            InformationBound.GUARDED_FAMILY);

    private ModelState startModel;
    /** What runs are judged by: the simulated fleet's metric in the closed loop, the configured one over a trace. */
    private Metric metric;
    /** The advisor at the default target, whose model and feature AUCs are reported. */
    private final AtomicReference<AdvisorPolicy> reported = new AtomicReference<>();

    /**
     * One factory per policy compared, in table order: the baselines, then the advisor along its curve, then the
     * bounds (the information bound, free and held to the advisor's guards, in the closed loop only: a trace has no
     * hidden state). Each builds its policy alone (the closed loop runs each with its own fleet).
     */
    private List<Function<GroundTruth, SkipPolicy>> factories(boolean closedLoop) {
        List<Function<GroundTruth, SkipPolicy>> baselines = Baselines.factories(metric);
        List<String> baselineFamilies = Baselines.all(run -> false).stream().map(SkipPolicy::family).toList();
        List<Function<GroundTruth, SkipPolicy>> list = new ArrayList<>();
        for (int i = 0; i < baselines.size() - 1; i++) {
            if (wanted(baselineFamilies.get(i))) {
                list.add(baselines.get(i));
            }
        }
        if (wanted(AdvisorPolicy.FAMILY)) {
            ScoringSettings settings = advisorSettings();
            double reportedTarget = advisorMaxMissed.contains(settings.maxMissedDeployments()) ? settings.maxMissedDeployments()
                    : advisorMaxMissed.get(advisorMaxMissed.size() / 2);
            List<Double> factors = advisorOverdueFactors == null ? List.of(settings.overdueFactor()) : advisorOverdueFactors;
            for (int f = 0; f < factors.size(); f++) {
                ScoringSettings guarded = settings.withOverdueFactor(factors.get(f));
                boolean own = f == 0;
                String family = own ? AdvisorPolicy.FAMILY : AdvisorPolicy.variant(factors.get(f));
                for (double m : advisorMaxMissed) {
                    list.add(truth -> {
                        AdvisorPolicy advisor = new AdvisorPolicy(guarded.withMaxMissed(m),
                                startModel == null ? OnlineModel.fresh() : ModelState.newBuilder(startModel).build(),
                                dev.graphlet.advisor.scoring.Mode.ACTIVE, family);
                        if (own && m == reportedTarget) {
                            reported.set(advisor.measuringFeatures());
                        }
                        return advisor;
                    });
                }
            }
        }
        if (wanted(baselineFamilies.get(baselines.size() - 1))) {
            list.add(baselines.get(baselines.size() - 1));
        }
        if (wanted(Baselines.PerfectForesight.GUARDED)) {
            list.add(truth -> new Baselines.PerfectForesight(truth, advisorSettings()));
        }
        if (closedLoop && wanted(InformationBound.FAMILY)) {
            for (double below : boundBelow) {
                list.add(truth -> new InformationBound(below, truth, null, simulation.settings().metric(), boundCostWeight));
            }
        }
        if (closedLoop && wanted(InformationBound.GUARDED_FAMILY)) {
            for (double below : boundBelow) {
                list.add(truth -> new InformationBound(below, truth, advisorSettings(), simulation.settings().metric(),
                        boundCostWeight));
            }
        }
        return list;
    }

    /**
     * The advisor's settings in this evaluation: the defaults, seeded, judging runs by the evaluation's metric, with
     * the first --advisor-overdue-factor, --advisor-cost-weight and --advisor-skip-at-run-start if given.
     */
    private ScoringSettings advisorSettings() {
        ScoringSettings settings = ScoringSettings.DEFAULTS.withSeed(simulation.seed).withMetric(metric);
        settings = advisorOverdueFactors == null ? settings : settings.withOverdueFactor(advisorOverdueFactors.get(0));
        settings = advisorSkipAtRunStart == null ? settings : settings.withSkipAtRunStart(advisorSkipAtRunStart);
        return advisorCostWeight == null ? settings : settings.withCostWeight(advisorCostWeight);
    }

    /** Whether --policies asks for the family (never-skip, the reference, always). */
    private boolean wanted(String family) {
        return families == null || family.equals("never-skip") || families.contains(family);
    }

    /** The metric of the advisor's configuration (--config: advisor.scoring.curve-metric, higher-is-better, metric-unit). */
    private Metric configuredMetric() {
        return ConnectionOptions.metric(connection.load(), spec.commandLine().getErr());
    }

    private static ModelState loadModel(Path file) {
        try {
            return ModelFiles.read(file);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Comparison counterfactual(Trace trace) throws Exception {
        // The bound's ground truth, from a first pass: which runs deployed.
        Set<String> deployed = new HashSet<>();
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        trace.forEach(event -> {
            if (GraphletStates.pushes(event)) {
                deployed.add(Counterfactual.runOf(event));
            }
            span[0] = Math.min(span[0], event.getEventTime().toEpochMilli());
            span[1] = Math.max(span[1], event.getEventTime().toEpochMilli());
        }, position -> { });
        GroundTruth truth = run -> !deployed.contains(run);
        Counterfactual replay = new Counterfactual(factories(false).stream().map(f -> f.apply(truth)).toList(), holdout, simulation.seed);
        try (ProgressBar bar = Progress.bar("Replaying " + trace.name(), trace.size(), " " + trace.unit())) {
            TieOrder ordered = new TieOrder(replay::accept);
            trace.forEach(ordered, position -> bar.stepTo(Math.min(position, bar.getMax())));
            ordered.flush();
            bar.stepTo(bar.getMax());
        }
        return replay.comparison(span[1] > span[0] ? span[1] - span[0] : 1);
    }

    private Comparison closedLoop() throws Exception {
        SimulationSettings settings = simulation.settings();
        List<Function<GroundTruth, SkipPolicy>> factories = factories(true);
        int count = factories.size();
        long hours = settings.days() * 24L;
        AtomicLong done = new AtomicLong();
        List<ClosedLoop.World> worlds = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ProgressBar bar = Progress.bar("Evaluating " + count + " policies", hours * count, " h")) {
            List<Future<ClosedLoop.World>> futures = new ArrayList<>();
            for (Function<GroundTruth, SkipPolicy> factory : factories) {
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
        return new Comparison(worlds.get(0), worlds, settings.endMillis() - settings.startMillis());
    }
}
