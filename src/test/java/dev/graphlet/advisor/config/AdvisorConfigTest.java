package dev.graphlet.advisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisorConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsPointAtTheLocalStack() {
        AdvisorConfig config = AdvisorConfig.load(Optional.empty(), Map.of(), Optional.empty(), Optional.empty());

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.registryUrl()).isEqualTo("http://localhost:8081");
        assertThat(config.topics()).isEqualTo(Topics.DEFAULTS);
    }

    @Test
    void topicSettingsReadBackAsTheSameTopics() throws Exception {
        Topics custom = new Topics("e", "f", "a", "o", "w", "d", "m", "c", "s");
        Path file = dir.resolve("topics.properties");
        StringBuilder text = new StringBuilder();
        custom.settings().forEach((key, name) -> text.append(key).append('=').append(name).append('\n'));
        Files.writeString(file, text);

        assertThat(AdvisorConfig.load(Optional.of(file), Map.of(), Optional.empty(), Optional.empty()).topics()).isEqualTo(custom);
    }

    @Test
    void fileThenEnvironmentThenFlagsWin() throws Exception {
        Path file = dir.resolve("advisor.properties");
        Files.writeString(file, """
                bootstrap.servers=file:9092
                schema.registry.url=http://file:8081
                security.protocol=SASL_SSL
                advisor.topic.events=file.events
                advisor.topic.advisories=file.advisories
                """);
        Map<String, String> env = Map.of(
                "ADVISOR_BOOTSTRAP_SERVERS", "env:9092",
                "ADVISOR_ADVISOR_TOPIC_ADVISORIES", "env.advisories",
                "PATH", "/usr/bin");

        AdvisorConfig config = AdvisorConfig.load(Optional.of(file), env, Optional.empty(), Optional.of("http://flag:8081"));

        assertThat(config.bootstrapServers()).isEqualTo("env:9092");
        assertThat(config.registryUrl()).isEqualTo("http://flag:8081");
        assertThat(config.topics().events()).isEqualTo("file.events");
        assertThat(config.topics().advisories()).isEqualTo("env.advisories");
        assertThat(config.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "env:9092")
                .doesNotContainKey("advisor.topic.events").doesNotContainKey("path");
    }

    @Test
    void theEnvironmentReachesDashedKeysAndWinsOverTheFile() throws Exception {
        Path file = dir.resolve("advisor.properties");
        Files.writeString(file, "advisor.close.check-interval=5m\nadvisor.graphlet.final-retention=3d\n");

        AdvisorConfig config = AdvisorConfig.load(Optional.of(file), Map.of("ADVISOR_ADVISOR_CLOSE_CHECK_INTERVAL", "30s"),
                Optional.empty(), Optional.empty());

        assertThat(config.get("advisor.close.check-interval")).contains("30s");
        assertThat(config.get("advisor.graphlet.final-retention")).contains("3d");
        assertThat(config.get("advisor.event-time.max-ahead")).isEmpty();
    }

    @Test
    void badValuesAndMissingFilesSayWhatToFix() {
        assertThatThrownBy(() -> AdvisorConfig.load(Optional.of(dir.resolve("missing.properties")), Map.of(),
                Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--config");
        AdvisorConfig config = AdvisorConfig.load(Optional.empty(), Map.of("ADVISOR_ADVISOR_PARTITIONS", "many"),
                Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> config.getInt("advisor.partitions", 1)).hasMessageContaining("advisor.partitions 'many'");
    }
}
