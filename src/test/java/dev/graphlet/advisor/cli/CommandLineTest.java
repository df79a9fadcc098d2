package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The command line explains itself, and user mistakes get one line and a non-zero exit. */
class CommandLineTest {

    @Test
    void topLevelHelpListsTheVerbs() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: advisor", "local", "produce", "tail");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "run", "produce", "tail", "simulate"})
    void everyVerbExplainsItself(String verb) {
        CliRun run = CliRun.of(verb, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: advisor " + verb, "--config", "--bootstrap", "--registry");
    }

    @Test
    void everyCommandsHelpIsFormatted() {
        java.util.List<String> raw = new java.util.ArrayList<>();
        java.util.ArrayDeque<picocli.CommandLine> commands = new java.util.ArrayDeque<>(java.util.List.of(AdvisorCli.commandLine()));
        while (!commands.isEmpty()) {
            picocli.CommandLine command = commands.pop();
            commands.addAll(command.getSubcommands().values());
            // picocli falls back to the raw text, %n and all, when a description is not a valid format string
            if (command.getUsageMessage().contains("%n")) {
                raw.add(command.getCommandSpec().qualifiedName());
            }
        }
        assertThat(raw).isEmpty();
    }

    @Test
    void anUnknownFlagIsOneLineAndExitsNonZero() {
        CliRun run = CliRun.of("tail", "events", "--no-such-flag");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("error: Unknown option: '--no-such-flag'")
                .contains("advisor tail --help");
    }

    @Test
    void anUnknownVerbIsOneLine() {
        CliRun run = CliRun.of("frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("frobnicate");
    }

    @Test
    void aMissingConfigFileIsOneLine() {
        CliRun run = CliRun.of("tail", "events", "--config", "/no/such/advisor.properties");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("/no/such/advisor.properties", "--config");
    }

    @Test
    void anUnreachableBrokerIsOneLineThatSaysWhatToDo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = CliRun.of("tail", "events", "--bootstrap", "localhost:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n")
                .contains("Cannot reach Kafka at localhost:" + closedPort, "./advisor local", "--bootstrap");
    }

    @Test
    void aSchemaFileWithoutTheKeyFieldIsOneLine() {
        CliRun run = CliRun.of("produce", "events", "--schema", "schemas/Feedback.avsc", "--key-field", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("no top-level field 'nope'");
    }
}
