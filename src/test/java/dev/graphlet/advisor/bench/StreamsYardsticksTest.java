package dev.graphlet.advisor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.EventWriter;
import dev.graphlet.advisor.local.LocalStack;
import dev.graphlet.advisor.local.TopicReader;
import dev.graphlet.advisor.sim.FleetSimulator;
import dev.graphlet.advisor.sim.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's Kafka Streams yardsticks, on a real broker: each reads the whole topic, the stateful one commits
 * what its counts say, and what they wrote is deleted before the next measurement.
 */
class StreamsYardsticksTest {

    @TempDir
    Path dir;

    @Test
    void bothYardsticksReadEveryEventAndTheStatefulOneCommitsOneOutputPerTwentyEventsOfAPipeline() throws Exception {
        try (LocalStack stack = LocalStack.start(dir.resolve("stack"), 0, 0, Topics.DEFAULTS, 2)) {
            Map<String, Integer> perPipeline = new HashMap<>();
            long events;
            SimulationSettings settings = new SimulationSettings(20, 10, 3, 1.0, 0.85, Instant.parse("2024-01-01T00:00:00Z"));
            try (EventWriter writer = new EventWriter(stack.bootstrapServers(), stack.registryUrl(), Topics.DEFAULTS.events())) {
                FleetSimulator fleet = new FleetSimulator(settings, run -> { });
                while (fleet.hasNext()) {
                    ExecutionEvent e = fleet.next();
                    perPipeline.merge(e.getPipelineId(), 1, Integer::sum);
                    writer.send(e);
                }
                writer.flush();
                events = writer.count();
            }
            assertThat(events).isGreaterThan(1_000);

            for (StreamsYardsticks.Kind kind : StreamsYardsticks.Kind.values()) {
                assertThat(StreamsYardsticks.measure(kind, stack, events, 2, dir.resolve("state"))).as(kind.name()).isPositive();
            }

            Map<String, Long> last = new HashMap<>();
            long[] outputs = {0};
            TopicReader.readToEnd(Map.of("bootstrap.servers", stack.bootstrapServers()), StreamsYardsticks.output(StreamsYardsticks.Kind.STATEFUL),
                    new StringDeserializer(), new LongDeserializer(), Duration.ofSeconds(30), record -> {
                        outputs[0]++;
                        assertThat(record.value()).isGreaterThan(last.getOrDefault(record.key(), 0L));
                        last.put(record.key(), record.value());
                    });
            long expected = perPipeline.values().stream().mapToLong(n -> n / StreamsYardsticks.OUTPUT_EVERY).sum();
            assertThat(outputs[0]).isEqualTo(expected);
            perPipeline.forEach((pipeline, n) -> {
                if (n >= StreamsYardsticks.OUTPUT_EVERY) {
                    assertThat(last.get(pipeline)).as(pipeline).isEqualTo((long) n / StreamsYardsticks.OUTPUT_EVERY * StreamsYardsticks.OUTPUT_EVERY);
                }
            });

            // Before the next measurement, everything the yardsticks wrote goes; the inputs stay.
            FleetBenchmark.dropOutputs(stack);
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()))) {
                Topics d = Topics.DEFAULTS;
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsExactlyInAnyOrder(d.events(), d.feedback(), d.control(), d.schemas()));
            }
        }
    }
}
