package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.Feedback;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.ModelSnapshot;
import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.registry.MockSchemaRegistry;
import dev.graphlet.advisor.scoring.Advising;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import dev.graphlet.advisor.local.ScratchDir;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The advisor topology in a TopologyTestDriver, with the mock:// registry and typed input and output topics. */
final class TopologyHarness implements AutoCloseable {

    static final String CLOCK_PIPELINE = "zz-clock";

    final AdvisorCounters counters = new AdvisorCounters();
    final String scope = "topology-" + UUID.randomUUID();
    final Map<String, Object> serdeConfig;
    final TopologyTestDriver driver;
    private final ScratchDir state;
    final AdvisorSettings settings;
    final TestInputTopic<String, ExecutionEvent> events;
    final TestInputTopic<String, byte[]> rawEvents;
    final TestInputTopic<String, Feedback> feedback;
    final TestOutputTopic<String, GraphletOutcome> outcomes;
    final TestOutputTopic<String, Advisory> advisories;
    final TestOutputTopic<String, WasteMetrics> wasteMetrics;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestInputTopic<String, String> control;
    final TestOutputTopic<String, ModelSnapshot> modelSnapshots;
    private final RocksDbMemory memory = new RocksDbMemory(16 * 1024 * 1024);
    private int ticks;

    TopologyHarness(AdvisorSettings settings, Optional<Advising> advising) {
        this(settings, advising, Map.of());
    }

    /** @param topologyRegistry registry settings for the topology's serdes, when not the harness's mock:// scope */
    TopologyHarness(AdvisorSettings settings, Optional<Advising> advising, Map<String, Object> topologyRegistry) {
        this.settings = settings;
        this.serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        AdvisorTopics topics = AdvisorTopics.of(settings.topics(), topologyRegistry.isEmpty() ? serdeConfig : topologyRegistry);
        StreamsBuilder builder = new StreamsBuilder();
        AdvisorTopology.build(builder, settings, topics, advising, counters);
        Map<String, String> configValues = new HashMap<>();
        configValues.put("schema.registry.url", "mock://" + scope);
        try {
            state = ScratchDir.create("advisor-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        configValues.put(StreamsConfig.STATE_DIR_CONFIG, state.path().toString());
        AdvisorConfig config = AdvisorConfig.load(Optional.empty(), Map.of(), Optional.of("ttd:9092"), Optional.of("mock://" + scope));
        Properties props = StreamsProperties.of(config, settings, counters, memory);
        props.putAll(configValues);
        driver = new TopologyTestDriver(builder.build(), props, Instant.parse("2024-01-01T00:00:00Z"));
        events = driver.createInputTopic(settings.topics().events(), new StringSerializer(), topics.events().valueSerde().serializer());
        rawEvents = driver.createInputTopic(settings.topics().events(), new StringSerializer(), new ByteArraySerializer());
        feedback = driver.createInputTopic(settings.topics().feedback(), new StringSerializer(), topics.feedback().valueSerde().serializer());
        outcomes = driver.createOutputTopic(settings.topics().outcomes(), new StringDeserializer(), serde(GraphletOutcome.class).deserializer());
        advisories = driver.createOutputTopic(settings.topics().advisories(), new StringDeserializer(), serde(Advisory.class).deserializer());
        wasteMetrics = driver.createOutputTopic(settings.topics().wasteMetrics(), new StringDeserializer(), serde(WasteMetrics.class).deserializer());
        deadLetters = driver.createOutputTopic(settings.topics().deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        control = driver.createInputTopic(settings.topics().control(), new StringSerializer(), new StringSerializer());
        modelSnapshots = driver.createOutputTopic(settings.topics().model(), new StringDeserializer(), serde(ModelSnapshot.class).deserializer());
    }

    private <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    void pipe(List<ExecutionEvent> run) {
        run.forEach(this::pipe);
    }

    void pipe(ExecutionEvent event) {
        events.pipeInput(new TestRecord<>(event.getPipelineId(), event, event.getEventTime()));
    }

    /** Advances stream time by an event of a pipeline of its own (left out of assertions). */
    void tick(long time) {
        ticks++;
        ExecutionEvent tick = ExecutionEvent.newBuilder()
                .setEventId("tick-" + ticks).setEventTime(Instant.ofEpochMilli(time)).setPipelineId(CLOCK_PIPELINE + ticks)
                .setRunId("tick-run-" + ticks).setExecutionId("tick-" + ticks).setComponentId("Clock").setComponentType("Clock")
                .setState(ExecutionState.CACHED).build();
        pipe(tick);
    }

    /** The control record that ends a replay, on the events topic. */
    void endOfInput(long time) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AdvisorTopology.CONTROL_HEADER, AdvisorTopology.END_OF_INPUT.getBytes());
        rawEvents.pipeInput(new TestRecord<>("control", null, headers, Instant.ofEpochMilli(time)));
    }

    List<GraphletOutcome> outcomesOf(String pipelineId) {
        return outcomes.readValuesToList().stream().filter(o -> o.getPipelineId().equals(pipelineId)).toList();
    }

    @Override
    public void close() {
        driver.close();
        memory.close();
        MockSchemaRegistry.drop(scope);
        state.close();
    }
}
