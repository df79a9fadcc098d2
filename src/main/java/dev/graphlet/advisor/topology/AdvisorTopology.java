package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.scoring.Advising;
import dev.graphlet.advisor.scoring.Control;
import dev.graphlet.advisor.contract.ModelSnapshot;
import dev.graphlet.advisor.serde.TrustedClasses;
import dev.graphlet.advisor.state.ArtifactLink;
import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.state.FleetPartial;
import dev.graphlet.advisor.state.FleetWindow;
import dev.graphlet.advisor.state.WasteTally;
import dev.graphlet.advisor.state.PipelineState;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The advisor's topology, as a pure function of (builder, settings, topics, scoring seam, counters): shared by
 * {@code ./advisor run}, the tests and the benchmarks.
 *
 * <pre>
 * events ─┐
 *         ├─ merge ─ graphlets [validate, dedupe, assemble, decide, close] ─┬─ advisories
 * feedback┘                                                                  └─ outcomes ─┬─ outcomes topic
 *                                                                     ├─ waste windows per pipeline (closed by the task) ─ waste-metrics
 *                                                                     └─ fleet partials ─ repartition(1) ─ fleet windows ─ waste-metrics
 * </pre>
 *
 * Events and feedback are keyed by pipelineId and must have the same partition count, so a pipeline's events,
 * feedback and state live in one task: nothing on the event path is repartitioned.
 */
public final class AdvisorTopology {

    /** Header of the control record that ends a replay: graphlets still open are reported OPEN. */
    public static final String CONTROL_HEADER = "advisor.control";
    /** Value of {@link #CONTROL_HEADER} for the end of input (one record per input partition, null value). */
    public static final String END_OF_INPUT = "end-of-input";

    private AdvisorTopology() {
    }

    public static void build(StreamsBuilder builder, AdvisorSettings settings, AdvisorTopics topics,
                             Optional<Advising> advising, AdvisorCounters counters) {
        TrustedClasses.trustAdvisorPackages();
        addStores(builder);
        if (advising.isPresent()) {
            addScoringStores(builder, topics, counters);
        }

        // Inputs are read as bytes and decoded in the processor: a record that does not decode is then a processing
        // failure like any other rejection, dead-lettered by the processing handler within the task's transaction.
        KStream<String, byte[]> events = builder.stream(topics.events().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()));
        KStream<String, byte[]> feedback = builder.stream(topics.feedback().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()));
        KStream<String, SpecificRecord> results = events.merge(feedback, Named.as("events-and-feedback"))
                .process(() -> new GraphletProcessor(settings, topics, advising, counters), Named.as("graphlets"),
                        advising.isPresent() ? WITH_SCORING : STORES);

        only(results, Advisory.class, "advisories").to(topics.advisories().name(), topics.advisories().produced());
        only(results, ModelSnapshot.class, "model-snapshots").to(topics.model().name(), topics.model().produced());
        only(results, GraphletOutcome.class, "outcomes").to(topics.outcomes().name(), topics.outcomes().produced());
        only(results, WasteMetrics.class, "pipeline-waste").to(topics.wasteMetrics().name(), topics.wasteMetrics().produced());
        // Fleet-wide windows: the tasks' partials, gathered on one partition.
        StoreSerde<FleetPartial> partials = new StoreSerde<>(FleetPartial.class, 1);
        only(results, FleetPartial.class, "fleet-partials")
                .repartition(Repartitioned.with(Serdes.String(), partials).withName("fleet-partials").withNumberOfPartitions(1))
                .process(() -> new FleetWindowProcessor(settings.fleetScope()), Named.as("fleet-windows"),
                        FleetWindowProcessor.WINDOWS, FleetWindowProcessor.PROGRESS)
                .to(topics.wasteMetrics().name(), topics.wasteMetrics().produced());
    }

    /** The records of one type among the graphlet processor's results. */
    private static <T> KStream<String, T> only(KStream<String, SpecificRecord> results, Class<T> type, String name) {
        return results.filter((k, v) -> type.isInstance(v), Named.as(name)).mapValues(type::cast, Named.as("as-" + name));
    }

    private static final String[] STORES = {StoreNames.GRAPHLETS, StoreNames.PIPELINES, StoreNames.FINALS,
            StoreNames.EXECUTIONS, StoreNames.ARTIFACTS, StoreNames.ALIASES, StoreNames.SCHEDULE,
            StoreNames.WASTE_WINDOWS, StoreNames.WINDOW_PROGRESS};
    private static final String[] WITH_SCORING = java.util.stream.Stream.concat(java.util.Arrays.stream(STORES),
            java.util.stream.Stream.of(StoreNames.MODEL)).toArray(String[]::new);

    /**
     * The task's model store, and the control topic as a global store (every task sees every setting): records that
     * are not understood are counted and left out.
     */
    private static void addScoringStores(StreamsBuilder builder, AdvisorTopics topics, AdvisorCounters counters) {
        builder.addStateStore(live(StoreNames.MODEL, StateFormats.models()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.CONTROL),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(),
                topics.control(), Consumed.with(Serdes.String(), Serdes.String()),
                () -> new ControlProcessor(counters));
    }

    /** Keeps the control topic's settings in the global store. */
    private static final class ControlProcessor implements org.apache.kafka.streams.processor.api.Processor<String, String, Void, Void> {
        private final AdvisorCounters counters;
        private org.apache.kafka.streams.state.KeyValueStore<String, String> store;

        ControlProcessor(AdvisorCounters counters) {
            this.counters = counters;
        }

        @Override
        public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
            store = context.getStateStore(StoreNames.CONTROL);
        }

        @Override
        public void process(org.apache.kafka.streams.processor.api.Record<String, String> record) {
            if (!Control.valid(record.key(), record.value())) {
                counters.increment("control.rejected");
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            counters.increment("control.applied");
        }
    }

    private static void addStores(StreamsBuilder builder) {
        builder.addStateStore(live(StoreNames.GRAPHLETS, StateFormats.graphlets()));
        builder.addStateStore(live(StoreNames.PIPELINES, StateFormats.pipelines()));
        builder.addStateStore(keyValue(StoreNames.FINALS, StateFormats.finals()));
        builder.addStateStore(keyValue(StoreNames.EXECUTIONS, Serdes.String()));
        builder.addStateStore(keyValue(StoreNames.ARTIFACTS, new StoreSerde<>(ArtifactLink.class, 1)));
        builder.addStateStore(keyValue(StoreNames.ALIASES, Serdes.String()));
        // Uncached: what is due is a range scan on every punctuation, and a cached range copies the cache's keys.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SCHEDULE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(keyValue(StoreNames.WASTE_WINDOWS, Serdes.Bytes(), new StoreSerde<>(WasteTally.class, 1)));
        builder.addStateStore(keyValue(StoreNames.WINDOW_PROGRESS, Serdes.String(), Serdes.Long()));
        builder.addStateStore(keyValue(FleetWindowProcessor.WINDOWS, Serdes.Bytes(), new StoreSerde<>(FleetWindow.class, 1)));
        builder.addStateStore(keyValue(FleetWindowProcessor.PROGRESS, Serdes.Integer(), Serdes.Long()));
    }

    /** Live objects per store instance kept between commits (see {@link ObjectCachingStore}). */
    static final int LIVE_OBJECTS = 4096;

    /** A store of large values rewritten by many events: live objects in front, serialized once per commit. */
    private static <V> StoreBuilder<?> live(String name, Serde<V> values) {
        return ObjectCachingStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                Serdes.String(), values).withCachingEnabled(), LIVE_OBJECTS);
    }

    private static <V> StoreBuilder<?> keyValue(String name, Serde<V> values) {
        return keyValue(name, Serdes.String(), values);
    }

    private static <K, V> StoreBuilder<?> keyValue(String name, Serde<K> keys, Serde<V> values) {
        KeyValueBytesStoreSupplier supplier = Stores.persistentKeyValueStore(name);
        return Stores.keyValueStoreBuilder(supplier, keys, values).withCachingEnabled();
    }
}
