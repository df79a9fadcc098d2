package dev.graphlet.advisor.bench;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.graphlet.GraphletListener;
import dev.graphlet.advisor.scoring.OnlineAdvising;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.ScoringConfig;
import dev.graphlet.advisor.scoring.ScoringSettings;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.graphlet.AssemblySettings;
import dev.graphlet.advisor.graphlet.GraphletAssembler;
import dev.graphlet.advisor.graphlet.InMemoryGraphletStore;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.local.LocalStack;
import dev.graphlet.advisor.local.ScratchDir;
import dev.graphlet.advisor.registry.MockSchemaRegistry;
import dev.graphlet.advisor.state.ArtifactLink;
import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.PipelineState;
import dev.graphlet.advisor.topology.AdvisorApplication;
import dev.graphlet.advisor.topology.AdvisorCounters;
import dev.graphlet.advisor.topology.AdvisorSettings;
import dev.graphlet.advisor.topology.AdvisorTopics;
import dev.graphlet.advisor.topology.AdvisorTopology;
import dev.graphlet.advisor.topology.RocksDbMemory;
import dev.graphlet.advisor.topology.StateFormats;
import dev.graphlet.advisor.topology.StoreSerde;
import dev.graphlet.advisor.topology.StreamsProperties;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Measures the graphlet topology on generated TFX-style runs: events per second through TopologyTestDriver and
 * through a real broker (the in-process local stack, exactly-once, Avro with the embedded registry) beside a plain
 * consumer reading the same topic, and the bytes of state one pipeline holds after 150 graphlets.
 */
public final class TopologyBenchmark {

    private static final long T0 = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();

    private static final int DRIVER_EVENTS = 60_000;

    private final int pipelines;
    private final int runs;
    private final PrintWriter out;

    public TopologyBenchmark(int pipelines, int runs, PrintWriter out) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.out = out;
    }

    /** Runs of every pipeline, interleaved in event time: run r of pipeline p starts at r*6h + p minutes. */
    List<ExecutionEvent> fleet() {
        List<ExecutionEvent> all = new ArrayList<>();
        for (int p = 0; p < pipelines; p++) {
            for (int r = 0; r < runs; r++) {
                TfxRun run = TfxRun.withRunId("p" + p, "p" + p + "-r" + r, T0 + r * Duration.ofHours(6).toMillis() + p * 60_000L);
                if ((p + r) % 3 == 1) {
                    run.pushed("0");
                } else if ((p + r) % 7 == 3) {
                    run.trainer(ExecutionState.FAILED);
                }
                all.addAll(run.events());
            }
        }
        all.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
        return all;
    }

    public void run(boolean withBroker) throws Exception {
        List<ExecutionEvent> events = fleet();
        out.printf("Generated %,d events (%d pipelines x %d runs x 15 events)%n", events.size(), pipelines, runs);
        // The driver commits (and so flushes every store to RocksDB) after each record: a bounded sample is enough.
        topologyTestDriver(events.subList(0, Math.min(events.size(), DRIVER_EVENTS)));
        if (withBroker) {
            broker(events);
        }
        statePerPipeline();
        out.flush();
    }

    private void topologyTestDriver(List<ExecutionEvent> events) throws Exception {
        String scope = "bench-" + UUID.randomUUID();
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        AdvisorSettings settings = AdvisorSettings.defaults();
        AdvisorTopics topics = AdvisorTopics.of(settings.topics(), serdeConfig);
        StreamsBuilder builder = new StreamsBuilder();
        AdvisorCounters counters = new AdvisorCounters();
        AdvisorConfig config = AdvisorConfig.load(Optional.empty(), Map.of("ADVISOR_ADVISOR_POLICY_MODE", "ACTIVE"),
                Optional.of("bench:9092"), Optional.of("mock://" + scope));
        AdvisorTopology.build(builder, settings, topics, ScoringConfig.advising(config), counters);
        try (RocksDbMemory memory = new RocksDbMemory(64L * 1024 * 1024);
             ScratchDir state = ScratchDir.create("advisor-bench")) {
            Properties props = StreamsProperties.of(config, settings, counters, memory);
            props.put(StreamsConfig.STATE_DIR_CONFIG, state.path().toString());
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
                TestInputTopic<String, ExecutionEvent> input = driver.createInputTopic(settings.topics().events(),
                        new StringSerializer(), topics.events().valueSerde().serializer());
                long start = System.nanoTime();
                for (ExecutionEvent e : events) {
                    input.pipeInput(e.getPipelineId(), e, e.getEventTime());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf("TopologyTestDriver: %,d events in %.1f s = %,.0f events/s (%,d outcomes)%n", events.size(), seconds,
                        events.size() / seconds, counters.snapshot().entrySet().stream()
                                .filter(e -> e.getKey().startsWith("outcomes.")).mapToLong(Map.Entry::getValue).sum());
            }
        } finally {
            MockSchemaRegistry.drop(scope);
        }
    }

    private void broker(List<ExecutionEvent> events) throws Exception {
        try (ScratchDir dir = ScratchDir.create("advisor-bench-broker");
             LocalStack stack = LocalStack.start(dir.resolve("stack"), 0, 0, Topics.DEFAULTS, 2)) {
            long loadStart = System.nanoTime();
            try (EventWriter writer = new EventWriter(stack.bootstrapServers(), stack.registryUrl(), Topics.DEFAULTS.events())) {
                for (ExecutionEvent e : events) {
                    writer.send(e);
                }
                writer.flush();
            }
            out.printf("Load: %,d events in %.1f s (reported apart)%n", events.size(), (System.nanoTime() - loadStart) / 1e9);

            // Both rates are steady-state: timed from the first record read (plain) or processed (topology) to the last.
            double plain = FleetBenchmark.plainConsumer(stack, 2, events.size());

            Path config = dir.resolve("advisor.properties");
            Files.writeString(config, "state.dir=" + dir.resolve("state") + "\n"
                    + ConsumerConfig.MAX_POLL_RECORDS_CONFIG + "=2000\n"
                    + "advisor.policy.mode=ACTIVE\n");
            AdvisorConfig advisorConfig = AdvisorConfig.load(Optional.of(config), Map.of(), Optional.of(stack.bootstrapServers()),
                    Optional.of(stack.registryUrl()));
            long started = System.nanoTime();
            try (AdvisorApplication app = AdvisorApplication.create(advisorConfig, ScoringConfig.advising(advisorConfig))) {
                app.start();
                long first = 0;
                long firstCount = 0;
                long lastReport = System.nanoTime();
                long count;
                while ((count = app.counters().inputsHandled()) < events.size()) {
                    if (first == 0 && count > 0) {
                        first = System.nanoTime();
                        firstCount = count;
                    }
                    Thread.sleep(10);
                    if (System.nanoTime() - lastReport > 5_000_000_000L) {
                        lastReport = System.nanoTime();
                        out.printf("  ... %,d of %,d events handled%n", count, events.size());
                        out.flush();
                    }
                }
                long end = System.nanoTime();
                double streams = (events.size() - firstCount) / ((end - first) / 1e9);
                out.printf("Broker, exactly-once, Avro + registry: %,d events; start-up %.1f s, then %,.0f events/s (%.1f s in all)%n",
                        events.size(), (first - started) / 1e9, streams, (end - started) / 1e9);
                out.printf("Plain consumer, same topic: %,.0f events/s; ratio topology/plain = %.2f%n", plain, streams / plain);
                long advisories = app.counters().snapshot().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("advisories.SKIP.") || e.getKey().startsWith("advisories.CONTINUE."))
                        .mapToLong(Map.Entry::getValue).sum();
                out.printf("Advisories: %,d, %,.0f per second of processing%n", advisories, advisories / ((end - started) / 1e9));
                out.printf("Counters: %s%n", app.counters().snapshot());
            }
        }
    }

    /** Serialized bytes of every store entry that belongs to one pipeline after 150 graphlets (run and lineage). */
    private void statePerPipeline() {
        for (boolean lineage : new boolean[] {false, true}) {
            InMemoryGraphletStore store = new InMemoryGraphletStore();
            OnlineAdvising scoring = new OnlineAdvising(ScoringSettings.DEFAULTS, Optional.empty());
            ModelState model = OnlineModel.fresh();
            GraphletAssembler assembler = new GraphletAssembler(store, AssemblySettings.DEFAULTS, (cap, p) -> { },
                    new GraphletListener() { // the state scoring adds: run facts and the pipeline's history
                        @Override
                        public void folded(GraphletState graphlet, ExecutionEvent event) {
                            scoring.fold(graphlet, event);
                        }

                        @Override
                        public void finished(GraphletState graphlet, dev.graphlet.advisor.contract.GraphletOutcome outcome, PipelineState pipeline) {
                            scoring.finished(graphlet, outcome, pipeline, model);
                        }
                    });
            for (int r = 0; r < 150; r++) {
                long start = T0 + r * Duration.ofHours(6).toMillis();
                TfxRun run = lineage ? TfxRun.lineageOnly("p", "r" + r, start) : TfxRun.withRunId("p", "r" + r, start);
                run.events().forEach(assembler::accept);
                assembler.advance(start);
            }
            long open = bytes(store);
            assembler.advance(T0 + Duration.ofDays(400).toMillis());
            out.printf("State of one pipeline after 150 graphlets (%s): %,d bytes while final graphlets are remembered"
                            + " (7 days), %,d bytes after; entries %s; the task's model: %,d bytes%n", lineage ? "lineage" : "run ids",
                    open, bytes(store), store.sizes(), StateFormats.models().serializer().serialize("", model).length);
        }
    }

    private static long bytes(InMemoryGraphletStore store) {
        StoreSerde<GraphletState> graphlets = StateFormats.graphlets();
        StoreSerde<PipelineState> pipelines = StateFormats.pipelines();
        StoreSerde<FinalGraphlet> finals = StateFormats.finals();
        StoreSerde<ArtifactLink> links = new StoreSerde<>(ArtifactLink.class, 1);
        return store.bytes(g -> graphlets.serializer().serialize("", g).length,
                p -> pipelines.serializer().serialize("", p).length,
                f -> finals.serializer().serialize("", f).length,
                a -> links.serializer().serialize("", a).length);
    }
}
