package dev.graphlet.advisor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Topics that delete past-dated records by age are warned about: the events topic at start-up (replayed history would
 * be deleted unread), a trace topic when records at its start are already gone.
 */
class TopicRetentionTest {

    @Test
    void aConsumedTopicWithTimeRetentionIsWarnedAbout() {
        assertThat(TopicRetention.consumedTopicWarning("mlmd.execution-events", Optional.of(604_800_000L)))
                .hasValueSatisfying(w -> assertThat(w).contains("mlmd.execution-events", "older than 7d",
                        "retention.ms=604800000", "retention.ms=-1"));
        assertThat(TopicRetention.consumedTopicWarning("events", Optional.of(5_400_000L)))
                .hasValueSatisfying(w -> assertThat(w).contains("older than 5400000 ms"));
        assertThat(TopicRetention.consumedTopicWarning("events", Optional.of(7_200_000L)))
                .hasValueSatisfying(w -> assertThat(w).contains("older than 2h"));
    }

    @Test
    void noWarningWithoutTimeRetentionOrWhenItCannotBeRead() {
        assertThat(TopicRetention.consumedTopicWarning("events", Optional.of(-1L))).isEmpty();
        assertThat(TopicRetention.consumedTopicWarning("events", Optional.empty())).isEmpty();
    }

    @Test
    void aTraceThatLostItsStartSaysHowManyRecordsWhereAndWhy() {
        Map<TopicPartition, Long> starts = Map.of(new TopicPartition("history", 2), 1_234L,
                new TopicPartition("history", 0), 5L, new TopicPartition("history", 1), 0L);
        assertThat(TopicRetention.traceWarning("history", starts, Optional.of(604_800_000L)))
                .hasValueSatisfying(w -> assertThat(w).doesNotContain("\n").contains("history", "first 1,239 records",
                        "partition 0: 5, 2: 1,234", "older than 7d", "retention.ms=604800000", "set retention.ms=-1"));
        assertThat(TopicRetention.traceWarning("history", starts, Optional.of(-1L)))
                .hasValueSatisfying(w -> assertThat(w).contains("they were deleted").doesNotContain("older than"));
        assertThat(TopicRetention.traceWarning("history", starts, Optional.empty()))
                .hasValueSatisfying(w -> assertThat(w).contains("they were deleted"));
    }

    @Test
    void aWholeTraceGetsNoWarning() {
        assertThat(TopicRetention.traceWarning("history", Map.of(new TopicPartition("history", 0), 0L,
                new TopicPartition("history", 1), 0L), Optional.of(604_800_000L))).isEmpty();
    }
}
