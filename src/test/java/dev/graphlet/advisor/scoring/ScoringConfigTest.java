package dev.graphlet.advisor.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.config.AdvisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring's settings as configured: the cadence guard's factor, a number or off. */
class ScoringConfigTest {

    @TempDir
    Path dir;

    private ScoringSettings settings(String overdueFactor) throws Exception {
        Path file = dir.resolve("advisor.properties");
        Files.writeString(file, overdueFactor == null ? "" : ScoringConfig.OVERDUE_FACTOR + "=" + overdueFactor + "\n");
        return ScoringConfig.settings(AdvisorConfig.load(Optional.of(file), Map.of(), Optional.empty(), Optional.empty()));
    }

    @Test
    void theCadenceGuardIsOnAtTwoUsualIntervalsUnlessConfigured() throws Exception {
        assertThat(settings(null).overdueFactor()).isEqualTo(2.0);
        assertThat(settings(null).cadenceGuard()).isTrue();
        assertThat(settings("3.5").overdueFactor()).isEqualTo(3.5);
        assertThat(settings(" OFF ").cadenceGuard()).isFalse();
        assertThat(settings("off").overdueFactor()).isEqualTo(ScoringSettings.CADENCE_GUARD_OFF);
    }

    @Test
    void aFactorThatIsNeitherPositiveNorOffIsAOneLineErrorNamingTheKey() {
        for (String bad : new String[] {"0", "-1", "never", "Infinity", "NaN"}) {
            assertThatThrownBy(() -> settings(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Bad advisor.policy.overdue-factor '" + bad + "': expected a positive number of usual "
                            + "intervals, or off");
        }
    }
}
