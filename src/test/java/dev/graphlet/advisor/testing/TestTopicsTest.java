package dev.graphlet.advisor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Tests create their topics only through {@link TestTopics#create}: a topic made with the broker's default retention
 * loses the tests' past-dated records at the broker's first retention check, which only a slow run reaches, so the
 * mistake shows up as a rare failure far from its cause.
 */
class TestTopicsTest {

    /** A call of the topic constructor, its class named plainly or in full. */
    private static final Pattern CONSTRUCTOR = Pattern.compile("new\\s+(?:[\\w.]+\\.)?"
            + Pattern.quote(NewTopic.class.getSimpleName()) + "\\s*\\(");
    private static final Path TESTS = Path.of(System.getProperty("advisor.project.dir", "."), "src/test/java");

    @Test
    void noTestCreatesATopicAroundTheHelper() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(TESTS)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("the test sources were found").hasSizeGreaterThan(50)
                .anySatisfy(f -> assertThat(f.getFileName()).hasToString("TestTopics.java"));
        List<String> offenders = sources.stream()
                .filter(f -> !f.getFileName().toString().equals("TestTopics.java"))
                .filter(f -> CONSTRUCTOR.matcher(read(f)).find())
                .map(f -> TESTS.relativize(f).toString())
                .toList();
        assertThat(offenders).as("tests creating topics without TestTopics.create").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
