package dev.graphlet.advisor.cli;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.registry.SchemaRegistryClient;
import dev.graphlet.advisor.scoring.ScoringConfig;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.web.OperatorSurface;
import dev.graphlet.advisor.topology.AdvisorApplication;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Run the advisor (the Kafka Streams topology) against a Kafka cluster until Ctrl-C or SIGTERM.",
                "%nReads the events and feedback topics (which must exist, with the same partition count), assembles "
                        + "model graphlets, and writes outcomes, waste metrics and dead letters; exactly-once by default. "
                        + "Kafka client and Streams settings pass through from --config; advisor settings are under 'advisor.'."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        AdvisorConfig config = connection.load();
        SchemaRegistryClient registry = Reachability.kafkaAndRegistry(config);
        AdvisorApplication app;
        ScoringSettings scoring;
        try {
            scoring = ScoringConfig.settings(config);
            app = AdvisorApplication.create(config, ScoringConfig.advising(config));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        app.streams().setStateListener((now, before) -> {
            out.println("advisor: " + before + " -> " + now);
            out.flush();
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "advisor-shutdown"));
        // Until the HTTP surface exists, the counters reach operators as a periodic status line.
        long every = config.getInt("advisor.status-interval-seconds", 60);
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "advisor-status");
            t.setDaemon(true);
            return t;
        });
        if (every > 0) {
            status.scheduleAtFixedRate(() -> {
                out.println(statusLine(app));
                out.flush();
            }, every, every, TimeUnit.SECONDS);
        }
        app.start();
        Optional<OperatorSurface> surface;
        try {
            surface = OperatorSurface.start(config, app, registry, scoring.mode());
        } catch (IllegalArgumentException | IllegalStateException e) {
            app.close();
            throw new UserError(e.getMessage());
        }
        out.println("Advisor running against " + config.bootstrapServers() + " (registry " + config.registryUrl()
                + "); events from " + config.topics().events() + ". Ctrl-C stops it.");
        if (config.getBoolean(ScoringConfig.ENABLED, true)) {
            out.println("Scoring: " + scoring.mode() + " unless advisor.control says otherwise; at most "
                    + scoring.maxMissedDeployments() + " of deployments missed; runs judged by " + scoring.metric() + "."
                    + (scoring.cadenceGuard() ? "" : " The cadence guard is off (" + ScoringConfig.OVERDUE_FACTOR
                    + "=off): overdue pipelines may be skipped."));
            ConnectionOptions.warnOfDirection(scoring.metric(), spec.commandLine().getErr());
        }
        surface.ifPresent(s -> out.println("Dashboard, API and metrics: " + s.url() + "  (/metrics, /health/ready, /api/pipelines)"));
        out.flush();
        stopped.await();
        status.shutdownNow();
        surface.ifPresent(OperatorSurface::close);
        out.println(statusLine(app));
        out.flush();
        return app.streams().state() == KafkaStreams.State.ERROR ? 1 : 0;
    }

    private static final AtomicLong HEAP_MAX = new AtomicLong();

    /** The counters, then the heap in use now and the most seen at any status line so far (MiB). */
    static String statusLine(AdvisorApplication app) {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = HEAP_MAX.accumulateAndGet(used, Math::max);
        return "advisor: " + app.counters().snapshot() + " heap-mib=" + (used >> 20) + " heap-max-mib=" + (max >> 20);
    }
}
