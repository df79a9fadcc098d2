package dev.graphlet.advisor.bench;

import dev.graphlet.advisor.cli.AdvisorCli;
import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.local.LocalStack;
import dev.graphlet.advisor.local.ScratchDir;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.SimulationSettings;
import dev.graphlet.advisor.topology.AdvisorCounters;
import dev.graphlet.advisor.topology.StreamsProperties;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The paper-scale benchmark: the simulated fleet pre-loaded into the events topic of an in-process local stack
 * (load time reported apart), read once by a plain consumer (bytes only, then decoding), once by each of Kafka Streams'
 * own yardstick applications ({@link StreamsYardsticks}), then processed by the advisor itself, {@code ./advisor
 * run} in a child JVM with a capped heap (exactly-once, Avro, the embedded registry). Rates are steady-state: from
 * the first record read or processed to the last.
 */
public final class FleetBenchmark {

    private final SimulationSettings settings;
    private final int partitions;
    private final String heap;
    private final int repeat;
    private final PrintWriter out;

    /** What one advisor run measured. */
    record Measured(double eventsPerSecond, double seconds) {
    }

    /** @param repeat advisor runs over the loaded topic, each with its own application id, state and output topics */
    public FleetBenchmark(SimulationSettings settings, int partitions, String heap, int repeat, PrintWriter out) {
        this.settings = settings;
        this.partitions = partitions;
        this.heap = heap;
        this.repeat = repeat;
        this.out = out;
    }

    public void run() throws Exception {
        try (ScratchDir dir = ScratchDir.create("advisor-fleet-bench");
             LocalStack stack = LocalStack.start(dir.resolve("stack"), 0, 0, Topics.DEFAULTS, partitions)) {
            long events = load(stack);
            double plain = plainConsumer(stack, partitions, events);
            SpecificAvroSerde<ExecutionEvent> contract = new SpecificAvroSerde<>(ExecutionEvent.class);
            contract.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
            double decoding = plainConsumer(stack, partitions, events, new StringDeserializer(), contract.deserializer());
            out.printf("Plain consumer, same topic: %,.0f events/s (bytes only); %,.0f events/s decoding each event with the"
                    + " contract's Avro deserializer%n", plain, decoding);
            out.flush();
            for (StreamsYardsticks.Kind kind : StreamsYardsticks.Kind.values()) {
                double rate = StreamsYardsticks.measure(kind, stack, events, partitions, dir.resolve("yardsticks"));
                out.printf("Kafka Streams yardstick, %s (the advisor's delivery settings, in this JVM): %,.0f events/s, ratio %.3f%n",
                        kind.description, rate, rate / plain);
                out.flush();
                dropOutputs(stack);
            }
            List<Measured> runs = new ArrayList<>();
            for (int run = 1; run <= repeat; run++) {
                runs.add(advisor(stack, events, dir.path(), plain, decoding, run));
                dropOutputs(stack);
            }
            if (repeat > 1) {
                out.println(summary(runs, plain));
                out.flush();
            }
        }
    }

    /**
     * Deletes every topic a measurement wrote (outputs, changelogs, repartitions), keeping only the inputs, the
     * control topic and the registry's: otherwise the broker's log cleaner goes on compacting one run's changelogs
     * while the next is measured, on the same two cores.
     */
    static void dropOutputs(LocalStack stack) throws Exception {
        Topics d = Topics.DEFAULTS;
        Set<String> kept = Set.of(d.events(), d.feedback(), d.control(), d.schemas());
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()))) {
            List<String> written = admin.listTopics().names().get(60, TimeUnit.SECONDS).stream()
                    .filter(topic -> !kept.contains(topic)).sorted().toList();
            admin.deleteTopics(written).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** The runs one by one, then their median: a single run on a shared 2-core machine varies by about 10%. */
    static String summary(List<Measured> runs, double plain) {
        List<Measured> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Measured::eventsPerSecond));
        Measured median = sorted.get(sorted.size() / 2);
        StringBuilder each = new StringBuilder();
        for (Measured m : runs) {
            each.append(each.length() == 0 ? "" : ", ").append(String.format("%,.0f (%.1f s)", m.eventsPerSecond(), m.seconds()));
        }
        return String.format("Advisor over %d runs: %s events/s; median %,.0f events/s, %.1f s for the fleet, ratio %.3f",
                runs.size(), each, median.eventsPerSecond(), median.seconds(), median.eventsPerSecond() / plain);
    }

    private long load(LocalStack stack) throws Exception {
        FleetSimulator fleet = new FleetSimulator(settings, run -> { });
        long start = System.nanoTime();
        long count;
        try (EventWriter writer = new EventWriter(stack.bootstrapServers(), stack.registryUrl(), Topics.DEFAULTS.events());
             ProgressBar bar = Progress.simulatedHours("Loading the simulated fleet", settings)) {
            while (fleet.hasNext()) {
                ExecutionEvent e = fleet.next();
                writer.send(e);
                Progress.toHour(bar, settings, e.getEventTime().toEpochMilli());
            }
            writer.flush();
            count = writer.count();
            bar.stepTo(bar.getMax());
        }
        out.printf("Loaded %,d events of %,d pipelines over %d days in %.1f s (reported apart)%n", count,
                settings.pipelines(), settings.days(), (System.nanoTime() - start) / 1e9);
        out.flush();
        return count;
    }

    /** Events per second of a plain consumer of the events topic that only fetches bytes: the design's yardstick. */
    static double plainConsumer(LocalStack stack, int partitions, long events) {
        return plainConsumer(stack, partitions, events, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Events per second of a plain consumer of the events topic, from the first record read to the last: the yardstick
     * of the design's ratio (bytes only), or, with the contract's deserializer, what decoding alone allows.
     */
    static double plainConsumer(LocalStack stack, int partitions, long events, Deserializer<?> keys, Deserializer<?> values) {
        Map<String, Object> props = Map.of("bootstrap.servers", stack.bootstrapServers());
        long first = 0;
        long read = 0;
        try (KafkaConsumer<?, ?> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(Topics.DEFAULTS.events(), p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            while (read < events) {
                int n = consumer.poll(Duration.ofMillis(200)).count();
                if (read == 0 && n > 0) {
                    first = System.nanoTime();
                }
                read += n;
            }
        }
        return events / ((System.nanoTime() - first) / 1e9);
    }

    private Measured advisor(LocalStack stack, long events, Path dir, double plain, double decoding, int run) throws Exception {
        Path config = dir.resolve("advisor-" + run + ".properties");
        StringBuilder properties = new StringBuilder("state.dir=" + dir.resolve("state-" + run) + "\n"
                + "advisor.status-interval-seconds=1\n");
        Topics topics = Topics.DEFAULTS;
        if (run > 1) { // from the first event again, into outputs of its own (the dashboard's feed reads them all)
            String suffix = "-run-" + run;
            Topics d = Topics.DEFAULTS;
            topics = new Topics(d.events(), d.feedback(), d.advisories() + suffix, d.outcomes() + suffix,
                    d.wasteMetrics() + suffix, d.deadLetters() + suffix, d.model() + suffix, d.control(), d.schemas());
            properties.append("application.id=").append(StreamsProperties.DEFAULT_APPLICATION_ID).append(suffix).append('\n');
            topics.settings().forEach((key, name) -> properties.append(key).append('=').append(name).append('\n'));
        }
        // The measurements before this one took their outputs with them (dropOutputs).
        LocalStack.ensureTopics(Map.of("bootstrap.servers", stack.bootstrapServers()), topics, partitions);
        Files.writeString(config, properties.toString());
        Path jar = Path.of(AdvisorCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx" + heap, "-cp", jar.toString(), AdvisorCli.class.getName(), "run",
                "--config", config.toString(), "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        // Ctrl-C on the benchmark must not leave the advisor running on its own.
        Thread stopChild = new Thread(() -> {
            child.destroyForcibly();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-bench-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        AtomicLong handled = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        AtomicReference<String> lastStatus = new AtomicReference<>("");
        AtomicLong errors = new AtomicLong();
        AtomicLong warnings = new AtomicLong();
        Path log = Files.createTempFile("advisor-fleet-bench", ".log"); // kept: the scratch directory goes at the end
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter kept = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("advisor: {")) {
                        lastStatus.set(line);
                        handled.set(handled(line));
                        peakHeap.set(Math.max(peakHeap.get(), number(line, "heap-max-mib=")));
                        continue;
                    }
                    if (line.contains(" ERROR ")) {
                        errors.incrementAndGet();
                    } else if (line.contains(" WARN ")) {
                        warnings.incrementAndGet();
                    }
                    kept.write(line);
                    kept.newLine();
                }
            } catch (Exception e) {
                // the child ended
            }
        }, "advisor-child-output");
        reader.setDaemon(true);
        reader.start();
        long started = System.nanoTime();
        SteadyState steady = SteadyState.follow("Advisor (child JVM, -Xmx" + heap + ")", events, handled::get, done -> {
            if (!child.isAlive()) {
                throw new IllegalStateException("The advisor process ended (exit " + child.exitValue() + ") after "
                        + done + " of " + events + " events; last status: " + lastStatus.get());
            }
        }, 100);
        child.destroy(); // SIGTERM: the advisor closes cleanly and prints its last status line
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        reader.join(5_000);
        Runtime.getRuntime().removeShutdownHook(stopChild);
        double rate = steady.rate(events);
        out.printf("Advisor%s (exactly-once, Avro + registry, %d partitions, heap capped at %s): start-up %.1f s, then %,.0f events/s;"
                        + " %,d events processed in %.1f s (%.1f s with start-up)%n", repeat > 1 ? " run " + run : "", partitions, heap,
                (steady.first() - started) / 1e9, rate, events, steady.seconds(), (steady.end() - started) / 1e9);
        out.printf("Ratio advisor/plain consumer = %.3f (goal 0.25; %.3f of the decoding consumer); heap in use at most %d MiB of"
                + " the -Xmx%s cap (sampled every second; goal 512 MiB)%n", rate / plain, rate / decoding, peakHeap.get(), heap);
        out.printf("Last status: %s%n", lastStatus.get());
        out.printf("Advisor log: %,d errors, %,d warnings (%s)%n", errors.get(), warnings.get(), log);
        out.flush();
        return new Measured(rate, steady.seconds());
    }

    /** Input records the advisor is done with, from a status line: accepted, duplicates, dead letters. */
    static long handled(String status) {
        String body = status.substring(status.indexOf('{') + 1, status.indexOf('}'));
        long sum = 0;
        for (String entry : body.split(", ")) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = entry.substring(0, eq);
            if (AdvisorCounters.countsHandledInput(name)) {
                sum += Long.parseLong(entry.substring(eq + 1));
            }
        }
        return sum;
    }

    private static long number(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0) {
            return 0;
        }
        int end = at + key.length();
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return Long.parseLong(line.substring(at + key.length(), end));
    }
}
