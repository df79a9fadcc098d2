package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.client.OrchestratorClient;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.local.LocalStack;
import dev.graphlet.advisor.local.ScratchDir;
import dev.graphlet.advisor.scoring.ScoringConfig;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.PlannedRun;
import dev.graphlet.advisor.sim.SimulationSettings;
import dev.graphlet.advisor.topology.AdvisorApplication;
import dev.graphlet.advisor.web.OperatorSurface;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"The whole product in one command: a local Kafka broker and schema registry, the advisor, its "
                + "dashboard, and a simulated fleet that obeys the advisor's SKIPs.",
                "%nThe advisor starts from a model trained offline on another simulated fleet (seed 7; the demo's fleet is "
                        + "seed 11) and runs in ACTIVE mode. The fleet's first --warm-up-days go by as fast as the advisor "
                        + "can follow (history), then one simulated hour passes every 1/--hours-per-second seconds: a SKIP "
                        + "cancels the run (its running execution ends CANCELED) and is confirmed on advisor.feedback. "
                        + "Ctrl-C stops everything; --duration ends the demo with a summary."})
final class DemoCommand implements Callable<Integer> {

    static final String STARTING_MODEL = "/models/starting-model.json";

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds of live fleet and print a summary (default: run until Ctrl-C).")
    Long duration;

    @Option(names = "--pipelines", defaultValue = "300", description = "Pipelines in the simulated fleet (default: ${DEFAULT-VALUE}).")
    int pipelines;

    // A quarter of an hour per second: an advisory stays valid for 30 simulated minutes, 2 s of wall clock here, which
    // leaves room for a slow machine between the advisor's SKIP and the orchestrator's poll.
    @Option(names = "--hours-per-second", defaultValue = "0.25", description = "Simulated hours per second of the live fleet (default: ${DEFAULT-VALUE}).")
    double hoursPerSecond;

    @Option(names = "--warm-up-days", defaultValue = "4", description = "Simulated days of history before the fleet goes live (default: ${DEFAULT-VALUE}).")
    int warmUpDays;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the demo's fleet (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of the dashboard (0: any free port; default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the broker keeps its data (default: a fresh temporary directory).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        if (pipelines < 1 || hoursPerSecond <= 0 || warmUpDays < 0 || (duration != null && duration < 1)) {
            throw new UserError("--pipelines and --hours-per-second must be positive, --warm-up-days at least 0, --duration at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        long begun = System.nanoTime();
        // Ctrl-C: the fleet stops, then everything closes in order on this thread (broker last, then the demo's
        // temporary directory, unless --data-dir kept the broker's data elsewhere).
        try (GracefulStop stop = new GracefulStop("demo-shutdown", stopping, Duration.ofSeconds(60));
             ScratchDir scratch = ScratchDir.create("advisor-demo");
             LocalStack stack = LocalStack.start(dataDir != null ? dataDir : scratch.resolve("kafka"), 0, 0, Topics.DEFAULTS, 2)) {
            Path work = scratch.path();
            Path model = work.resolve("starting-model.json");
            try (InputStream in = DemoCommand.class.getResourceAsStream(STARTING_MODEL)) {
                if (in == null) {
                    throw new UserError("The starting model " + STARTING_MODEL + " is missing from the build");
                }
                Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
            }
            Path props = work.resolve("demo.properties");
            Files.writeString(props, String.join("\n",
                    "state.dir=" + work.resolve("state").toString().replace('\\', '/'),
                    "application.id=graphlet-advisor-demo",
                    "commit.interval.ms=100",
                    "advisor.policy.mode=ACTIVE",
                    "advisor.scoring.model-file=" + model.toString().replace('\\', '/'),
                    "advisor.http.port=" + httpPort,
                    "advisor.status-interval-seconds=0", ""));
            AdvisorConfig config = AdvisorConfig.load(Optional.of(props), Map.of(), Optional.of(stack.bootstrapServers()),
                    Optional.of(stack.registryUrl()));
            try (AdvisorApplication app = AdvisorApplication.create(config, ScoringConfig.advising(config))) {
                app.start();
                OperatorSurface surface;
                try {
                    surface = OperatorSurface.start(config, app, Reachability.kafkaAndRegistry(config),
                            ScoringConfig.settings(config).mode()).orElseThrow();
                } catch (IllegalStateException e) {
                    throw new UserError(e.getMessage() + " (try --http-port 0)");
                }
                try (surface) {
                    waitUntilRunning(app);
                    out.printf(Locale.ROOT, "Demo ready in %.1f s: dashboard %s  (Kafka %s, registry %s)%n",
                            (System.nanoTime() - begun) / 1e9, surface.url(), stack.bootstrapServers(), stack.registryUrl());
                    out.flush();
                    Summary summary = runFleet(stack, out);
                    Thread.sleep(1500); // the last outcomes reach the dashboard
                    summary.print(out, surface);
                }
            }
        }
        return 0;
    }

    private void waitUntilRunning(AdvisorApplication app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline && !stopping.get()) {
            Thread.sleep(50);
        }
    }

    /** The fleet in closed loop with the advisor: paced events out, SKIPs in. */
    private Summary runFleet(LocalStack stack, PrintWriter out) throws Exception {
        int days = (int) Math.max(warmUpDays + 1, warmUpDays + Math.ceil((duration == null ? 3650 * 24 : duration * hoursPerSecond) / 24.0) + 1);
        SimulationSettings settings = new SimulationSettings(pipelines, days, seed, 1.0, 0.85, SimulationSettings.DEFAULT_START);
        Map<String, PlannedRun> plans = new HashMap<>();
        FleetSimulator fleet = new FleetSimulator(settings, plan -> plans.put(plan.runId(), plan));
        Summary summary = new Summary();
        // The demo's orchestrator is the example client orchestrators can use (client.OrchestratorClient).
        Map<String, Object> clientProps = new HashMap<>();
        clientProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        clientProps.put("schema.registry.url", stack.registryUrl());
        clientProps.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-orchestrator");
        clientProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long lastPoll = 0;
        long liveFrom = settings.startMillis() + warmUpDays * 86_400_000L;
        long liveStartedNanos = -1;
        long lastProgress = System.nanoTime();
        // What each run in flight has spent, by execution; a run's entries go when it ends or is cancelled.
        Map<String, Map<String, Long>> spent = new HashMap<>();
        try (EventWriter writer = new EventWriter(stack.bootstrapServers(), stack.registryUrl(), Topics.DEFAULTS.events());
             OrchestratorClient orchestrator = new OrchestratorClient(clientProps, Topics.DEFAULTS.advisories(), Topics.DEFAULTS.feedback())) {
            while (fleet.hasNext() && !stopping.get()) {
                long next = fleet.nextTime();
                if (next >= liveFrom) {
                    if (liveStartedNanos < 0) {
                        writer.flush();
                        liveStartedNanos = System.nanoTime();
                        out.printf("History (%d simulated days) written; the fleet is live: one simulated hour every %.2f s%n",
                                warmUpDays, 1 / hoursPerSecond);
                        out.flush();
                    }
                    double elapsed = (System.nanoTime() - liveStartedNanos) / 1e9;
                    if (duration != null && elapsed >= duration) {
                        break;
                    }
                    long simulatedNow = liveFrom + (long) (elapsed * hoursPerSecond * 3_600_000L);
                    if (System.nanoTime() - lastPoll > 20_000_000L) {
                        lastPoll = System.nanoTime();
                        obey(orchestrator, fleet, plans, spent, summary, simulatedNow);
                    }
                    if (next > simulatedNow) {
                        writer.flush();
                        Thread.sleep(Math.min(50, Math.max(1, (long) ((next - simulatedNow) / (hoursPerSecond * 3_600_000L) * 1000))));
                        continue;
                    }
                    if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                        lastProgress = System.nanoTime();
                        out.printf(Locale.ROOT, "  %s simulated; %,d runs cancelled on advice so far%n",
                                Instant.ofEpochMilli(simulatedNow).toString().substring(0, 16), summary.cancelled);
                        out.flush();
                    }
                }
                ExecutionEvent event = fleet.next();
                PlannedRun plan = plans.get(event.getRunId());
                if (plan != null) {
                    spent.computeIfAbsent(event.getRunId(), k -> new HashMap<>()).merge(event.getExecutionId(),
                            GraphletStates.toMilli(event.getCost() == null ? 0 : event.getCost()), Math::max);
                }
                writer.send(event);
                summary.observe(event, plan, next >= liveFrom);
                if (plan != null && event == plan.events().get(plan.events().size() - 1)) {
                    plans.remove(event.getRunId()); // the run is over: its plan and spend are no longer needed
                    spent.remove(event.getRunId());
                }
            }
            writer.flush();
            summary.stale = orchestrator.stale();
        }
        return summary;
    }

    /** Cancels the runs the advisor said to SKIP (ACTIVE, still fresh), as an orchestrator would, and reports it. */
    private void obey(OrchestratorClient orchestrator, FleetSimulator fleet, Map<String, PlannedRun> plans,
                      Map<String, Map<String, Long>> spent, Summary summary, long now) {
        for (Advisory advisory : orchestrator.poll(Duration.ZERO, now)) {
            String runId = advisory.getRunId();
            PlannedRun plan = runId == null ? null : plans.get(runId);
            if (plan == null || !fleet.cancel(runId, now)) {
                summary.late++;
                orchestrator.ignored(advisory, now, "the run had already ended");
                continue;
            }
            long spentSoFar = spent.getOrDefault(runId, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            summary.cancelled(plan, spentSoFar);
            plans.remove(runId);
            spent.remove(runId);
            orchestrator.skipped(advisory, now, "cancelled by the demo's orchestrator");
        }
    }

    /** What the live part of the demo did, with the simulator's ground truth for the runs it cancelled. */
    private static final class Summary {
        long liveRuns;
        long liveDeployments;
        long liveWasteMilli;
        long cancelled;
        long late;
        long stale;
        long avoidedMilli;
        long lostDeployments;

        void observe(ExecutionEvent event, PlannedRun plan, boolean live) {
            if (!live) {
                return;
            }
            if (GraphletStates.pushes(event)) {
                liveDeployments++;
            }
            boolean last = plan != null && event == plan.events().get(plan.events().size() - 1);
            if (last) {
                liveRuns++;
                if (!plan.deploys()) {
                    liveWasteMilli += plan.costMilli();
                }
            }
        }

        void cancelled(PlannedRun plan, long spentMilli) {
            cancelled++;
            liveRuns++;
            if (plan.deploys()) {
                lostDeployments++;
            } else {
                avoidedMilli += Math.max(0, plan.costMilli() - spentMilli);
                liveWasteMilli += spentMilli;
            }
        }

        void print(PrintWriter out, OperatorSurface surface) {
            double wouldHaveWasted = liveWasteMilli + avoidedMilli;
            out.printf(Locale.ROOT, "%nSummary of the live fleet: %,d runs, %,d deployments.%n", liveRuns, liveDeployments);
            out.printf(Locale.ROOT, "  %,d runs cancelled on the advisor's SKIPs; not acted on: %,d stale SKIPs (past validUntil, most of them "
                    + "given on the history) and %,d for runs that had ended.%n", cancelled, stale, late);
            out.printf(Locale.ROOT, "  Waste avoided: %,.0f of %,.0f cost units the fleet would have wasted (%.1f%%).%n",
                    avoidedMilli / 1000.0, wouldHaveWasted / 1000.0, wouldHaveWasted == 0 ? 0.0 : 100 * avoidedMilli / wouldHaveWasted);
            out.printf(Locale.ROOT, "  Deployments lost: %,d (cancelled runs that would have deployed; %.2f%% of %,d).%n",
                    lostDeployments, liveDeployments + lostDeployments == 0 ? 0.0 : 100.0 * lostDeployments / (liveDeployments + lostDeployments),
                    liveDeployments + lostDeployments);
            out.printf(Locale.ROOT, "  Dashboard totals (history and live): %s%n", surface.view().totals());
            out.flush();
        }
    }
}
