package dev.graphlet.advisor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.mlmd.MlmdEvents;
import dev.graphlet.advisor.mlmd.MlmdStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real TFX store's run, imported, through the advisor's topology: one graphlet, PUSHED, nine executions. */
class MlmdThroughTopologyTest {

    @Test
    void theImportedTfxRunIsOnePushedGraphletOfNineExecutions() throws Exception {
        Path db = Files.createTempFile("tfx", ".db");
        db.toFile().deleteOnExit();
        try (var in = MlmdThroughTopologyTest.class.getResourceAsStream("/mlmd/tfx-chicago-taxi-metadata.db")) {
            Files.copy(in, db, StandardCopyOption.REPLACE_EXISTING);
        }
        List<ExecutionEvent> events;
        try (MlmdStore store = MlmdStore.open(db.toString())) {
            events = MlmdEvents.of(store, 0, Optional.empty());
        }
        try (TopologyHarness h = new TopologyHarness(AdvisorTopologyTest.settings(), Optional.empty())) {
            h.pipe(events);
            long end = events.get(events.size() - 1).getEventTime().toEpochMilli();
            h.tick(end + AdvisorTopologyTest.HOUR);

            assertThat(h.outcomesOf("chicago_taxi_beam")).singleElement().satisfies(o -> {
                assertThat(o.getReason()).isEqualTo(OutcomeReason.PUSHED);
                assertThat(o.getGraphletId()).isEqualTo("chicago_taxi_beam.2020-06-17T21:49:51.783778");
                assertThat(o.getExecutions()).isEqualTo(9);
                assertThat(o.getCostByComponentMilli()).containsEntry("ResolverNode", 0L);
            });
            assertThat(h.deadLetters.isEmpty()).isTrue();
        }
    }
}
