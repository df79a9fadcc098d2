package dev.graphlet.advisor.replay;

import dev.graphlet.advisor.bench.Progress;
import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.local.LocalStack;
import dev.graphlet.advisor.local.ScratchDir;
import dev.graphlet.advisor.local.TopicReader;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import dev.graphlet.advisor.scoring.Metric;
import dev.graphlet.advisor.scoring.ScoringConfig;
import dev.graphlet.advisor.topology.AdvisorApplication;
import dev.graphlet.advisor.topology.AdvisorTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Runs the advisor's topology over recorded history, as a deployment would have seen it: the trace is loaded into a
 * private local stack (its own broker, registry and topics), each partition ends with an end-of-input control
 * record so graphlets still open are reported OPEN, and a fresh application processes it from the beginning in
 * event time. The outcomes it wrote, read back with read_committed, make the report.
 */
public final class Replay {

    private final int partitions;
    private final Optional<Path> model;
    private final Metric metric;

    /**
     * @param model  the advisor's starting model (never one trained on the trace replayed); none: it starts fresh
     * @param metric what the trace's runs are judged by (the advisor's advisor.scoring.curve-metric and the rest)
     */
    public Replay(int partitions, Optional<Path> model, Metric metric) {
        this.partitions = partitions;
        this.model = model;
        this.metric = metric;
    }

    /** A recorded trace read once, in event-time order: a file or a topic. */
    public interface Source {
        String name();

        /** The progress scale of one pass, in {@link #unit()}s. */
        long size();

        String unit();

        /** One pass over the trace; {@code progress} gets the position on the {@link #size()} scale now and then. */
        void forEach(Consumer<ExecutionEvent> action, LongConsumer progress) throws Exception;
    }

    public ReplayReport run(Source source) throws Exception {
        try (ScratchDir dir = ScratchDir.create("advisor-replay");
             LocalStack stack = LocalStack.start(dir.resolve("stack"), 0, 0, Topics.DEFAULTS, partitions)) {
            long events = load(stack, source);
            List<GraphletOutcome> outcomes = process(stack, dir.path(), events);
            return ReplayReport.of(source.name(), events, outcomes);
        }
    }

    private long load(LocalStack stack, Source source) throws Exception {
        try (EventWriter writer = new EventWriter(stack.bootstrapServers(), stack.registryUrl(), Topics.DEFAULTS.events());
             ProgressBar bar = Progress.bar("Loading " + source.name(), source.size(), " " + source.unit())) {
            long[] last = {Long.MIN_VALUE};
            source.forEach(event -> {
                try {
                    writer.send(event);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot load the trace into the replay's broker: " + e.getMessage(), e);
                }
                last[0] = Math.max(last[0], event.getEventTime().toEpochMilli());
            }, position -> bar.stepTo(Math.min(position, bar.getMax())));
            for (int p = 0; p < partitions; p++) {
                ProducerRecord<String, byte[]> end = new ProducerRecord<>(Topics.DEFAULTS.events(), p, Math.max(0, last[0]), (String) null, (byte[]) null);
                end.headers().add(new RecordHeader(AdvisorTopology.CONTROL_HEADER, AdvisorTopology.END_OF_INPUT.getBytes(StandardCharsets.UTF_8)));
                writer.sendRaw(end);
            }
            writer.flush();
            bar.stepTo(bar.getMax());
            return writer.count();
        }
    }

    private List<GraphletOutcome> process(LocalStack stack, Path dir, long events) throws Exception {
        Path config = dir.resolve("replay.properties");
        // The advisor acts as if its advice were followed (ACTIVE): a graphlet it would have skipped does not teach it,
        // except for its holdouts, which is what keeps the report honest.
        Files.writeString(config, "state.dir=" + dir.resolve("state") + "\napplication.id=graphlet-advisor-replay\n"
                + "advisor.policy.mode=ACTIVE\n"
                + "advisor.scoring.curve-metric=" + metric.name() + "\nadvisor.scoring.higher-is-better=" + metric.higherIsBetter()
                + "\nadvisor.scoring.metric-unit=" + metric.unit() + "\n"
                + model.map(m -> "advisor.scoring.model-file=" + m.toAbsolutePath().toString().replace("\\", "/") + "\n").orElse(""));
        AdvisorConfig advisorConfig = AdvisorConfig.load(Optional.of(config), Map.of(), Optional.of(stack.bootstrapServers()),
                Optional.of(stack.registryUrl()));
        try (AdvisorApplication app = AdvisorApplication.create(advisorConfig, ScoringConfig.advising(advisorConfig));
             ProgressBar bar = Progress.bar("Replaying through the topology", events, " events")) {
            app.start();
            while (app.counters().get("end-of-input") < partitions) {
                bar.stepTo(Math.min(events, app.counters().inputsHandled()));
                Thread.sleep(100);
            }
            bar.stepTo(events);
        }
        return readOutcomes(stack);
    }

    /** Every outcome the replay committed, read_committed, up to the topic's end. */
    private List<GraphletOutcome> readOutcomes(LocalStack stack) {
        SpecificAvroSerde<GraphletOutcome> serde = new SpecificAvroSerde<>(GraphletOutcome.class);
        serde.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        List<GraphletOutcome> outcomes = new ArrayList<>();
        TopicReader.readToEnd(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), Topics.DEFAULTS.outcomes(),
                new StringDeserializer(), serde.deserializer(), Duration.ofHours(1), record -> outcomes.add(record.value()));
        return outcomes;
    }
}
