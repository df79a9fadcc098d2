package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An events topic that deletes records by age gets a warning at start-up: replayed history would be deleted unread. */
class RetentionWarningTest {

    @Test
    void aTopicWithTimeRetentionIsWarnedAbout() {
        assertThat(AdvisorApplication.retentionWarning("mlmd.execution-events", Optional.of(604_800_000L)))
                .hasValueSatisfying(w -> assertThat(w).contains("mlmd.execution-events", "older than 7d",
                        "retention.ms=604800000", "retention.ms=-1"));
        assertThat(AdvisorApplication.retentionWarning("events", Optional.of(5_400_000L)))
                .hasValueSatisfying(w -> assertThat(w).contains("older than 5400000 ms"));
        assertThat(AdvisorApplication.retentionWarning("events", Optional.of(7_200_000L)))
                .hasValueSatisfying(w -> assertThat(w).contains("older than 2h"));
    }

    @Test
    void noWarningWithoutTimeRetentionOrWhenItCannotBeRead() {
        assertThat(AdvisorApplication.retentionWarning("events", Optional.of(-1L))).isEmpty();
        assertThat(AdvisorApplication.retentionWarning("events", Optional.empty())).isEmpty();
    }
}
