package dev.graphlet.advisor.bench;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.LocalStack;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import dev.graphlet.advisor.topology.AdvisorCounters;
import dev.graphlet.advisor.topology.AdvisorSettings;
import dev.graphlet.advisor.topology.RocksDbMemory;
import dev.graphlet.advisor.topology.StreamsProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What Kafka Streams itself allows on the benchmark's machine and topic, with the advisor's own delivery settings
 * (exactly-once, commit interval, record cache, stream threads, producer batches, RocksDB memory): the yardsticks
 * that put the advisor's rate in context. Neither does the advisor's work; each is the least that an application of
 * its kind does per event.
 */
final class StreamsYardsticks {

    /** The two applications measured. */
    enum Kind {
        /** Reads each event's bytes and counts it: no decoding, no state, no output. */
        STATELESS("a stateless exactly-once pass over the bytes"),
        /**
         * Decodes each event with the contract's Avro serde, reads and writes one per-pipeline counter in a changelogged
         * RocksDB store, and writes one output per 20 events of a pipeline: the stateful application of the design's
         * calibration.
         */
        STATEFUL("Avro decoding, one store read and write per event, one output per 20 events of a pipeline");

        final String description;

        Kind(String description) {
            this.description = description;
        }

        /** Its name in application ids, topics and progress bars. */
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final int OUTPUT_EVERY = 20;
    private static final String STORE = "yardstick-counts";

    private StreamsYardsticks() {
    }

    /** Events per second of one yardstick application over the whole events topic, from its first event to its last. */
    static double measure(Kind kind, LocalStack stack, long events, int partitions, Path stateDir) throws Exception {
        AdvisorConfig config = AdvisorConfig.load(Optional.empty(), Map.of(), Optional.of(stack.bootstrapServers()),
                Optional.of(stack.registryUrl()));
        AdvisorSettings settings = AdvisorSettings.from(config).withInputPartitions(partitions);
        AtomicLong processed = new AtomicLong();
        String output = output(kind);
        if (kind == Kind.STATEFUL) {
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()))) {
                // Like the advisor's own topics: deleting the fleet's past-dated records mid-run would put the
                // broker's work in the measurement.
                admin.createTopics(List.of(LocalStack.streamTopic(output, partitions))).all().get(60, TimeUnit.SECONDS);
            }
        }
        try (RocksDbMemory memory = new RocksDbMemory(StreamsProperties.rocksDbBytes(config))) {
            Properties props = StreamsProperties.of(config, settings, new AdvisorCounters(), memory);
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-yardstick-" + kind.label());
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(kind.name()).toString());
            try (KafkaStreams streams = new KafkaStreams(topology(kind, stack, output, processed).build(), props)) {
                streams.start();
                SteadyState run = SteadyState.follow("Streams yardstick, " + kind.label(),
                        events, processed::get, done -> {
                            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                                throw new IllegalStateException("The " + kind + " yardstick stopped after " + done + " events");
                            }
                        }, 50);
                streams.close(Duration.ofSeconds(30));
                return run.rate(events);
            }
        }
    }

    /** The topic a yardstick writes to (only the stateful one writes). */
    static String output(Kind kind) {
        return "bench.yardstick-" + kind.label();
    }

    private static StreamsBuilder topology(Kind kind, LocalStack stack, String output, AtomicLong processed) {
        StreamsBuilder builder = new StreamsBuilder();
        String events = Topics.DEFAULTS.events();
        if (kind == Kind.STATELESS) {
            builder.stream(events, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .foreach((key, value) -> processed.incrementAndGet());
            return builder;
        }
        SpecificAvroSerde<ExecutionEvent> contract = new SpecificAvroSerde<>(ExecutionEvent.class);
        contract.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()));
        builder.stream(events, Consumed.with(Serdes.String(), contract))
                .process(() -> new Counting(processed), STORE)
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        return builder;
    }

    /**
     * One store read and write per event; each 20th event of a pipeline forwards its count (so the committed outputs
     * follow from the stored counts alone, whatever a task replays after a rebalance).
     */
    private static final class Counting implements Processor<String, ExecutionEvent, String, Long> {
        private final AtomicLong processed;
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> counts;

        Counting(AtomicLong processed) {
            this.processed = processed;
        }

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, ExecutionEvent> record) {
            Long count = counts.get(record.key());
            long next = (count == null ? 0 : count) + 1;
            counts.put(record.key(), next);
            if (next % OUTPUT_EVERY == 0) {
                context.forward(record.withValue(next));
            }
            processed.incrementAndGet();
        }
    }
}
