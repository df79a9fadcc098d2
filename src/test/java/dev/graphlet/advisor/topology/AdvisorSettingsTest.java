package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvisorSettingsTest {

    private static AdvisorSettings from(Map<String, String> env) {
        return AdvisorSettings.from(AdvisorConfig.load(Optional.empty(), env, Optional.empty(), Optional.empty()));
    }

    @Test
    void optionalDurationsDefaultTurnOffAndParse() {
        AdvisorSettings defaults = from(Map.of());
        assertThat(defaults.maxAhead()).contains(Duration.ofHours(1));
        assertThat(defaults.wallClockFallback()).isEmpty();

        AdvisorSettings set = from(Map.of("ADVISOR_ADVISOR_EVENT_TIME_MAX_AHEAD", "off",
                "ADVISOR_ADVISOR_CLOSE_WALL_CLOCK_FALLBACK", "15m"));
        assertThat(set.maxAhead()).isEmpty();
        assertThat(set.wallClockFallback()).contains(Duration.ofMinutes(15));

        assertThat(from(Map.of("ADVISOR_ADVISOR_EVENT_TIME_MAX_AHEAD", "2d")).maxAhead()).contains(Duration.ofDays(2));
        assertThatThrownBy(() -> from(Map.of("ADVISOR_ADVISOR_EVENT_TIME_MAX_AHEAD", "soon")))
                .hasMessageContaining("advisor.event-time.max-ahead");
    }
}
