package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
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

    private static Properties properties(Map<String, String> environment, AdvisorSettings settings) {
        AdvisorConfig config = AdvisorConfig.load(Optional.empty(), environment, Optional.of("localhost:9092"), Optional.of("mock://streams-properties"));
        try (RocksDbMemory memory = new RocksDbMemory(1024 * 1024)) {
            return StreamsProperties.of(config, settings, new AdvisorCounters(), memory);
        }
    }
}
