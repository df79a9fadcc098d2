package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {

    @Test
    void aStreamThreadPerInputPartitionUpToTheCores() {
        assertThat(StreamsProperties.streamThreads(2, 2)).isEqualTo(2);
        assertThat(StreamsProperties.streamThreads(16, 2)).isEqualTo(2);
        assertThat(StreamsProperties.streamThreads(2, 12)).isEqualTo(2);
        assertThat(StreamsProperties.streamThreads(1, 12)).isEqualTo(1);
        assertThat(StreamsProperties.streamThreads(4, 0)).isEqualTo(1);
    }

    @Test
    void theDefaultFollowsTheEventsTopicAndAnExplicitSettingWins() {
        AdvisorSettings settings = AdvisorSettings.defaults().withInputPartitions(1);
        Properties defaults = properties(Map.of(), settings);
        assertThat(defaults.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("1");

        Properties explicit = properties(Map.of("ADVISOR_NUM_STREAM_THREADS", "3"), settings);
        assertThat(explicit.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("3");
    }

    @Test
    void aFaultOnTheControlTopicStopsTheInstanceWhileOneOnTheEventsIsADeadLetter() {
        AdvisorSettings settings = AdvisorSettings.defaults();
        Properties props = properties(Map.of(), settings);
        assertThat(props.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isEqualTo("true");
        AdvisorCounters counters = new AdvisorCounters();
        Map<String, Object> configs = new java.util.HashMap<>();
        props.forEach((k, v) -> configs.put(k.toString(), v));
        configs.put(AdvisorCounters.CONFIG_KEY, counters);
        DeadLetters.Processing handler = new DeadLetters.Processing();
        handler.configure(configs);
        Exception fault = new IllegalStateException("store closed");

        ProcessingExceptionHandler.Response onControl = handler.handleError(
                context(settings.topics().control()), new Record<>("advisor.kill-switch", "on", 0L), fault);
        assertThat(onControl.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(onControl.deadLetterQueueRecords()).isEmpty();

        ProcessingExceptionHandler.Response onEvents = handler.handleError(
                context(settings.topics().events()), new Record<>("p1", "x", 0L), fault);
        assertThat(onEvents.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(onEvents.deadLetterQueueRecords()).singleElement()
                .satisfies(letter -> assertThat(letter.topic()).isEqualTo(settings.topics().deadLetters()));
        assertThat(counters.snapshot()).containsKey("dead-letters.PROCESSING_FAILED");
    }

    private static ErrorHandlerContext context(String topic) {
        return new DefaultErrorHandlerContext(null, topic, 0, 7L, new RecordHeaders(), "node", new TaskId(0, 0), 0L,
                "k".getBytes(java.nio.charset.StandardCharsets.UTF_8), "v".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Properties properties(Map<String, String> environment, AdvisorSettings settings) {
        AdvisorConfig config = AdvisorConfig.load(Optional.empty(), environment, Optional.of("localhost:9092"), Optional.of("mock://streams-properties"));
        try (RocksDbMemory memory = new RocksDbMemory(1024 * 1024)) {
            return StreamsProperties.of(config, settings, new AdvisorCounters(), memory);
        }
    }
}
