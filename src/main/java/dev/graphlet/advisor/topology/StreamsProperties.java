package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams configuration of the advisor: every non-{@code advisor.} setting passes through; the
 * defaults below apply only where the configuration says nothing.
 */
public final class StreamsProperties {

    public static final String DEFAULT_APPLICATION_ID = "graphlet-advisor";

    private StreamsProperties() {
    }

    /**
     * @param counters shared with the dead-letter handlers
     * @param memory   bounds RocksDB memory across the instance's stores
     */
    public static Properties of(AdvisorConfig config, AdvisorSettings settings, AdvisorCounters counters,
                                RocksDbMemory memory) {
        Properties props = new Properties();
        props.putAll(config.clientProperties());
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Advisory latency is bounded by the commit interval under exactly-once; each commit flushes the caches.
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        props.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, String.valueOf(64L * 1024 * 1024));
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Open graphlets go to their changelog at about 2 KB each: 16 KB batches filled every few records, and each
        // new batch woke the producer's sender from the stream thread (+28% events/s on the fleet benchmark).
        if (!props.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) { // a prefixed default would override the user's own
            props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), String.valueOf(256 * 1024));
        }
        // A stream thread per input partition, up to the cores the JVM may use: one thread left the second core to the
        // broker's and producers' threads and measured 189.9 s for the paper-scale fleet on 2 cores; two, a median of
        // 159.1 s (153.0-162.9 s).
        props.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                String.valueOf(streamThreads(Runtime.getRuntime().availableProcessors(), settings.inputPartitions())));
        // Feedback is sparse: a task must not stall waiting for data on an empty feedback partition.
        props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        props.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, settings.topics().deadLetters());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Deserialization.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.Processing.class);
        // The global thread (the control topic) goes through the same handler, as it will by default from Kafka 5.0;
        // the handler stops the instance on a control record it could not apply rather than advise without it.
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(DeadLetters.CONTROL_TOPIC_KEY, settings.topics().control());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemory.ConfigSetter.class);
        props.put(AdvisorCounters.CONFIG_KEY, counters);
        props.put(RocksDbMemory.CONFIG_KEY, memory);
        return props;
    }

    /** The default stream threads: one per input partition (a task each), at most one per core, at least one. */
    static int streamThreads(int cores, int inputPartitions) {
        return Math.max(1, Math.min(cores, inputPartitions));
    }

    /** Total RocksDB memory of the instance ({@code advisor.rocksdb.memory-mb}, default 64). */
    public static long rocksDbBytes(AdvisorConfig config) {
        return config.getInt("advisor.rocksdb.memory-mb", 64) * 1024L * 1024L;
    }
}
