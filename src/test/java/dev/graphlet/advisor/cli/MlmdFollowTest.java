package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.local.TopicReader;
import dev.graphlet.advisor.mlmd.MlmdTestStore;
import dev.graphlet.advisor.registry.server.EmbeddedSchemaRegistry;
import dev.graphlet.advisor.serde.SpecificAvroSerde;
import dev.graphlet.advisor.testing.RealKafka;
import dev.graphlet.advisor.testing.RealKafkaTest;
import dev.graphlet.advisor.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.io.TempDir;

/** Following an MLMD store into a topic: rows inserted while it runs, a restart with no duplicate and no gap. */
class MlmdFollowTest {

    @TempDir
    Path scratch;

    static final long T0 = 1_700_000_000_000L;
    static final long HOUR = 3_600_000L;

    @RealKafkaTest
    void followPicksUpNewRowsAndResumesAfterARestartWithoutDuplicatesOrGaps(RealKafka kafka) throws Exception {
        String topic = RealKafka.uniqueTopic("mlmd-events");
        TestTopics.create(kafka, List.of(topic), 2);
        Path dir = scratch;
        Path db = dir.resolve("metadata.db");
        Path state = dir.resolve("follow.json");
        MlmdTestStore store = MlmdTestStore.create(db, "churn");
        store.addRun("run-1", MlmdTestStore.Run.PUSHED, T0);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(new HashMap<>(kafka.clientProps()),
                RealKafka.uniqueTopic("_schemas"), "localhost", 0, Optional.empty())) {
            String[] follow = {"mlmd", "follow", "--db", db.toString(), "--topic", topic, "--state", state.toString(),
                    "--interval", "0.5", "--duration", "6", "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url()};

            long running = store.addRunningTrainer(T0 + 3 * HOUR); // still running when follow first sees it
            CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> CliRun.of(follow));
            Thread.sleep(2500);
            store.addRun("run-2", MlmdTestStore.Run.NOT_BLESSED, T0 + 6 * HOUR); // inserted while it runs
            CliRun firstRun = first.get(60, TimeUnit.SECONDS);
            assertThat(firstRun.exitCode()).as(firstRun.err()).isZero();
            assertThat(read(kafka, registry, topic)).hasSize(16 + 1); // and the running Trainer's start

            store.addRun("run-3", MlmdTestStore.Run.FAILED, T0 + 12 * HOUR); // while it is stopped
            store.complete(running, T0 + 4 * HOUR); // a row that changed while it was stopped
            CliRun restarted = CliRun.of(follow);
            assertThat(restarted.exitCode()).as(restarted.err()).isZero();

            CliRun importAgain = CliRun.of("mlmd", "import", "--db", db.toString(), "--topic", topic, "--state", state.toString(),
                    "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url());
            assertThat(importAgain.exitCode()).as(importAgain.err()).isZero();
            assertThat(importAgain.out()).contains(": 0 events to " + topic);

            List<ExecutionEvent> published = read(kafka, registry, topic);
            assertThat(published).extracting(ExecutionEvent::getEventId).doesNotHaveDuplicates();
            assertThat(published).hasSize(16 + 4 + 2); // run 3 stops at its failed Trainer; the Trainer that was running ended
            assertThat(published).filteredOn(e -> e.getExecutionId().equals("mlmd-execution-" + running))
                    .extracting(e -> e.getState().name()).containsExactlyInAnyOrder("RUNNING", "COMPLETE");
        }
    }

    private static List<ExecutionEvent> read(RealKafka kafka, EmbeddedSchemaRegistry registry, String topic) {
        SpecificAvroSerde<ExecutionEvent> serde = new SpecificAvroSerde<>(ExecutionEvent.class);
        serde.configure(Map.of("schema.registry.url", registry.url()), false);
        List<ExecutionEvent> events = new ArrayList<>();
        TopicReader.readToEnd(kafka.clientProps(), topic, new StringDeserializer(), serde.deserializer(), Duration.ofMinutes(2),
                record -> events.add(record.value()));
        return events;
    }
}
