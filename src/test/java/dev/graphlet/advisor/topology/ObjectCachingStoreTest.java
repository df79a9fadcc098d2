package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The write-behind object cache under Kafka Streams' own commit cycle: live objects within a commit, every changed
 * object in the changelog at each commit (TopologyTestDriver commits after each record), deletes and range scans.
 */
class ObjectCachingStoreTest {

    /** A mutable value: a counter in an array, so identity matters. */
    private static final Serde<long[]> COUNTER = Serdes.serdeFrom(
            (topic, v) -> v == null ? null : ByteBuffer.allocate(8).putLong(v[0]).array(),
            (topic, b) -> b == null ? null : new long[] {ByteBuffer.wrap(b).getLong()});

    /**
     * Counts records per key in a mutable object: "get, change, put"; a record "del" deletes the key, "sum" writes the
     * sum over a range scan to key "total", and "twice" changes the object a second time without a second get.
     */
    private static final class Counting implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, long[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore("counts");
        }

        @Override
        public void process(Record<String, String> record) {
            switch (record.value()) {
                case "del" -> store.delete(record.key());
                case "many" -> {
                    for (String key : List.of("k1", "k2", "k3", "k4", "k5", "k1")) {
                        long[] count = store.get(key);
                        count = count == null ? new long[] {1} : new long[] {count[0] + 1};
                        store.put(key, count);
                    }
                }
                case "sum" -> {
                    long sum = 0;
                    try (KeyValueIterator<String, long[]> all = store.range("a", "z")) {
                        while (all.hasNext()) {
                            sum += all.next().value[0];
                        }
                    }
                    store.put("total", new long[] {sum});
                }
                default -> {
                    long[] count = store.get(record.key());
                    if (count == null) {
                        count = new long[] {0};
                    }
                    count[0]++;
                    store.put(record.key(), count);
                    if (record.value().equals("twice")) {
                        count[0]++;
                        store.put(record.key(), count);
                    }
                }
            }
        }
    }

    private record Run(TopologyTestDriver driver, TestInputTopic<String, String> in,
                       TestOutputTopic<String, long[]> changelog) {
    }

    private static Run start(int maxEntries) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(ObjectCachingStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("counts"), Serdes.String(), COUNTER).withCachingEnabled(), maxEntries));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(Counting::new, "counts");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "object-cache-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props);
        Deserializer<long[]> values = COUNTER.deserializer();
        return new Run(driver, driver.createInputTopic("in", new StringSerializer(), new StringSerializer()),
                driver.createOutputTopic("object-cache-test-counts-changelog", new StringDeserializer(), values));
    }

    @Test
    void everyCommitWritesTheChangedObjectsToTheChangelog() {
        Run run = start(1000);
        try (TopologyTestDriver driver = run.driver()) {
            run.in().pipeInput("a", "+");
            run.in().pipeInput("a", "twice");
            run.in().pipeInput("b", "+");
            List<KeyValue<String, Long>> logged = run.changelog().readKeyValuesToList().stream()
                    .map(kv -> KeyValue.pair(kv.key, kv.value[0])).toList();
            // One changelog record per key and commit, with the value as of the commit.
            assertThat(logged).containsExactly(KeyValue.pair("a", 1L), KeyValue.pair("a", 3L), KeyValue.pair("b", 1L));
            KeyValueStore<String, long[]> store = driver.getKeyValueStore("counts");
            assertThat(store.get("a")[0]).isEqualTo(3);
        }
    }

    @Test
    void deletesReachTheChangelogAndRangeScansSeeUnflushedChanges() {
        Run run = start(1000);
        try (TopologyTestDriver driver = run.driver()) {
            run.in().pipeInput("a", "+");
            run.in().pipeInput("b", "twice");
            run.in().pipeInput("a", "del");
            run.in().pipeInput("x", "sum");
            List<KeyValue<String, long[]>> logged = run.changelog().readKeyValuesToList();
            assertThat(logged.get(2).key).isEqualTo("a");
            assertThat(logged.get(2).value).isNull();
            assertThat(logged.get(3).key).isEqualTo("total");
            assertThat(logged.get(3).value[0]).isEqualTo(2); // b alone: a was deleted
        }
    }

    @Test
    void withinOneCommitAGetReturnsTheLiveObject() {
        ObjectCachingStore<String, long[]> store = new ObjectCachingStore<>(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), COUNTER)
                        .withLoggingDisabled().build(), 2);
        long[] value = {7};
        store.put("a", value);
        assertThat(store.get("a")).isSameAs(value);
        store.delete("a");
        assertThat(store.get("a")).isNull();
    }

    @Test
    void pastItsSizeTheCacheWritesBackAndKeepsReading() {
        Run run = start(2);
        try (TopologyTestDriver driver = run.driver()) {
            run.in().pipeInput("x", "many"); // five keys in one commit through two live objects, then k1 again
            KeyValueStore<String, long[]> store = driver.getKeyValueStore("counts");
            assertThat(store.get("k1")[0]).isEqualTo(2);
            for (String key : List.of("k2", "k3", "k4", "k5")) {
                assertThat(store.get(key)[0]).as(key).isEqualTo(1);
            }
        }
    }
}
