package dev.graphlet.advisor.mlmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.graphlet.AssemblySettings;
import dev.graphlet.advisor.graphlet.FinalOutcome;
import dev.graphlet.advisor.graphlet.GraphletAssembler;
import dev.graphlet.advisor.graphlet.InMemoryGraphletStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ML Metadata stores as TFX writes them, imported and assembled into graphlets. */
public class MlmdImportTest {

    static Path fixture() throws Exception {
        Path copy = Files.createTempFile("tfx-chicago-taxi", ".db");
        copy.toFile().deleteOnExit();
        try (var in = MlmdImportTest.class.getResourceAsStream("/mlmd/tfx-chicago-taxi-metadata.db")) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    static List<GraphletOutcome> assemble(List<ExecutionEvent> events) {
        GraphletAssembler assembler = new GraphletAssembler(new InMemoryGraphletStore(), AssemblySettings.DEFAULTS, (cap, p) -> { });
        events.forEach(assembler::accept);
        List<GraphletOutcome> outcomes = new ArrayList<>();
        assembler.advance(Long.MAX_VALUE / 4).stream().map(FinalOutcome::outcome).forEach(outcomes::add);
        return outcomes;
    }

    @Test
    void theRealTfxStoreImportsAsOnePushedGraphletOfNineExecutions() throws Exception {
        List<ExecutionEvent> events;
        try (MlmdStore store = MlmdStore.open(fixture().toString())) {
            assertThat(store.schemaVersion()).isEqualTo(4);
            events = MlmdEvents.of(store, 0, Optional.empty());
        }
        assertThat(events).hasSize(18);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getPipelineId()).isEqualTo("chicago_taxi_beam");
            assertThat(e.getRunId()).isEqualTo("chicago_taxi_beam.2020-06-17T21:49:51.783778");
        });
        assertThat(events).extracting(ExecutionEvent::getComponentType).contains("CsvExampleGen", "ResolverNode",
                "StatisticsGen", "SchemaGen", "ExampleValidator", "Transform", "Trainer", "Evaluator", "Pusher");
        assertThat(events).filteredOn(e -> e.getComponentType().equals("ResolverNode") && e.getState() != ExecutionState.RUNNING)
                .singleElement().satisfies(e -> assertThat(e.getState()).isEqualTo(ExecutionState.CACHED));
        assertThat(events).extracting(ExecutionEvent::getEventTime).isSorted();
        assertThat(events).extracting(ExecutionEvent::getEventId).doesNotHaveDuplicates();
        ExecutionEvent pusher = events.stream().filter(e -> e.getComponentType().equals("Pusher") && e.getState() == ExecutionState.COMPLETE)
                .findFirst().orElseThrow();
        assertThat(pusher.getOutputs()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo("PushedModel");
            assertThat(a.getProperties()).containsEntry("pushed", "1");
        });

        List<GraphletOutcome> outcomes = assemble(events);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.getReason()).isEqualTo(OutcomeReason.PUSHED);
            assertThat(o.getDeployed()).isTrue();
            assertThat(o.getExecutions()).isEqualTo(9);
            assertThat(o.getCostByComponentMilli()).containsEntry("ResolverNode", 0L);
            assertThat(o.getCostByComponentMilli().get("Trainer")).isPositive(); // 34 s of training: 0.57 cost units
        });
    }

    @Test
    void aCurrentSchemaStoreWithManyRunsImportsToTheOutcomesItRecords() throws Exception {
        Path db = Files.createTempFile("mlmd-v10", ".db");
        db.toFile().deleteOnExit();
        Files.delete(db);
        importsToTheOutcomesItRecords(MlmdTestStore.create(db, "churn"));
    }

    /**
     * The same store on a real MariaDB server: the one .ci/run installs and starts (ADVISOR_TEST_MARIADB_URL), or one
     * on localhost with the same credentials; skipped where there is none.
     */
    @Test
    void theSameStoreOnAMariaDbServerImportsTheSame() throws Exception {
        String server = Optional.ofNullable(System.getenv("ADVISOR_TEST_MARIADB_URL"))
                .orElse("jdbc:mariadb://localhost:3306/?user=advisor&password=advisor&connectTimeout=2000");
        try (Connection probe = DriverManager.getConnection(server)) {
            assertThat(probe.isValid(5)).isTrue();
        } catch (java.sql.SQLException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ADVISOR_TEST_MARIADB_URL") == null,
                    "ADVISOR_TEST_MARIADB_URL is set but the server does not answer: " + e.getMessage());
            org.junit.jupiter.api.Assumptions.abort("No MariaDB server (.ci/run installs one): " + e.getMessage().lines().findFirst().orElse(""));
        }
        importsToTheOutcomesItRecords(MlmdTestStore.createOnServer(server, "churn"));
    }

    /** Twelve runs, a third each pushed, not blessed (pushed = 0) and failed in training. */
    private static void importsToTheOutcomesItRecords(MlmdTestStore store10) throws Exception {
        long t = 1_700_000_000_000L;
        MlmdTestStore.Run[] kinds = MlmdTestStore.Run.values();
        for (int run = 1; run <= 12; run++) {
            store10.addRun("churn-run-" + run, kinds[(run - 1) % 3], t + run * 6 * 3_600_000L);
        }
        List<ExecutionEvent> events;
        try (MlmdStore store = MlmdStore.open(store10.location())) {
            assertThat(store.schemaVersion()).isEqualTo(10);
            events = MlmdEvents.of(store, 0, Optional.empty());
        }
        List<GraphletOutcome> outcomes = assemble(events);
        assertThat(outcomes).hasSize(12).allSatisfy(o -> {
            assertThat(o.getPipelineId()).isEqualTo("churn");
            int run = Integer.parseInt(o.getRunId().substring("churn-run-".length()));
            assertThat(o.getReason()).isEqualTo(switch (kinds[(run - 1) % 3]) {
                case PUSHED -> OutcomeReason.PUSHED;
                case NOT_BLESSED -> OutcomeReason.NOT_BLESSED;
                case FAILED -> OutcomeReason.FAILED;
            });
        });
        assertThat(outcomes).filteredOn(o -> o.getReason() == OutcomeReason.PUSHED)
                .allSatisfy(o -> assertThat(o.getTotalCostMilli()).isEqualTo(4 * 10_000)); // 10 minutes each, one unit a minute
    }

    @Test
    void storesThatCannotBeReadAreOneLineErrors() throws Exception {
        assertThatThrownBy(() -> MlmdStore.open("/no/such/metadata.db")).isInstanceOf(MlmdException.class).hasMessageContaining("no such file");
        Path notMlmd = Files.createTempFile("plain", ".db");
        notMlmd.toFile().deleteOnExit();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + notMlmd); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INT)");
        }
        assertThatThrownBy(() -> MlmdStore.open(notMlmd.toString())).isInstanceOf(MlmdException.class).hasMessageContaining("Not an MLMD store");
        Path future = Files.createTempFile("future", ".db");
        future.toFile().deleteOnExit();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + future); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE MLMDEnv (schema_version INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO MLMDEnv VALUES (11)");
        }
        assertThatThrownBy(() -> MlmdStore.open(future.toString())).isInstanceOf(MlmdException.class)
                .hasMessageContaining("schema version 11").hasMessageContaining("not supported");
        assertThatThrownBy(() -> MlmdStore.open("jdbc:mariadb://localhost:1/mlmd?connectTimeout=1000"))
                .isInstanceOf(MlmdException.class).hasMessageContaining("Cannot open the MLMD store").hasMessageNotContaining("\n");
        Path noPipelines = Files.createTempFile("no-pipelines", ".db");
        noPipelines.toFile().deleteOnExit();
        Files.delete(noPipelines);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + noPipelines); Statement s = c.createStatement()) {
            for (String ddl : V10_DDL) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO MLMDEnv VALUES (10)");
        }
        try (MlmdStore store = MlmdStore.open(noPipelines.toString())) {
            assertThatThrownBy(() -> MlmdEvents.of(store, 0, Optional.empty())).isInstanceOf(MlmdException.class)
                    .hasMessageContaining("no pipeline contexts");
        }
        Path locked = fixture();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + locked); Statement s = writer.createStatement()) {
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            s.execute("UPDATE MLMDEnv SET schema_version = 4");
            assertThatThrownBy(() -> MlmdStore.open(locked.toString())).isInstanceOf(MlmdException.class)
                    .hasMessageContaining("locked").hasMessageNotContaining("\n");
        }
        Path corrupt = Files.createTempFile("corrupt", ".db");
        corrupt.toFile().deleteOnExit();
        Files.write(corrupt, "this is not a database, just text that goes on".repeat(100).getBytes());
        assertThatThrownBy(() -> MlmdStore.open(corrupt.toString())).isInstanceOf(MlmdException.class).hasMessageNotContaining("\n");
    }

    /** The tables an MLMD v10 store has that the import reads (from metadata_source_query_config.cc, SQLite). */
    public static final String[] V10_DDL = {
        "CREATE TABLE IF NOT EXISTS `Type` ( `id` INTEGER PRIMARY KEY AUTOINCREMENT, `name` VARCHAR(255) NOT NULL, `version` VARCHAR(255), "
                + "`type_kind` TINYINT(1) NOT NULL, `description` TEXT, `input_type` TEXT, `output_type` TEXT, `external_id` VARCHAR(255) UNIQUE)",
        "CREATE TABLE IF NOT EXISTS `Artifact` ( `id` INTEGER PRIMARY KEY AUTOINCREMENT, `type_id` INT NOT NULL, `uri` TEXT, `state` INT, "
                + "`name` VARCHAR(255), `external_id` VARCHAR(255) UNIQUE, `create_time_since_epoch` INT NOT NULL DEFAULT 0, "
                + "`last_update_time_since_epoch` INT NOT NULL DEFAULT 0, UNIQUE(`type_id`, `name`))",
        "CREATE TABLE IF NOT EXISTS `ArtifactProperty` ( `artifact_id` INT NOT NULL, `name` VARCHAR(255) NOT NULL, `is_custom_property` TINYINT(1) NOT NULL, "
                + "`int_value` INT, `double_value` DOUBLE, `string_value` TEXT, `byte_value` BLOB, `proto_value` BLOB, `bool_value` BOOLEAN, "
                + "PRIMARY KEY (`artifact_id`, `name`, `is_custom_property`))",
        "CREATE TABLE IF NOT EXISTS `Execution` ( `id` INTEGER PRIMARY KEY AUTOINCREMENT, `type_id` INT NOT NULL, `last_known_state` INT, "
                + "`name` VARCHAR(255), `external_id` VARCHAR(255) UNIQUE, `create_time_since_epoch` INT NOT NULL DEFAULT 0, "
                + "`last_update_time_since_epoch` INT NOT NULL DEFAULT 0, UNIQUE(`type_id`, `name`))",
        "CREATE TABLE IF NOT EXISTS `ExecutionProperty` ( `execution_id` INT NOT NULL, `name` VARCHAR(255) NOT NULL, `is_custom_property` TINYINT(1) NOT NULL, "
                + "`int_value` INT, `double_value` DOUBLE, `string_value` TEXT, `byte_value` BLOB, `proto_value` BLOB, `bool_value` BOOLEAN, "
                + "PRIMARY KEY (`execution_id`, `name`, `is_custom_property`))",
        "CREATE TABLE IF NOT EXISTS `Context` ( `id` INTEGER PRIMARY KEY AUTOINCREMENT, `type_id` INT NOT NULL, `name` VARCHAR(255) NOT NULL, "
                + "`external_id` VARCHAR(255) UNIQUE, `create_time_since_epoch` INT NOT NULL DEFAULT 0, `last_update_time_since_epoch` INT NOT NULL DEFAULT 0, "
                + "UNIQUE(`type_id`, `name`))",
        "CREATE TABLE IF NOT EXISTS `Event` ( `id` INTEGER PRIMARY KEY AUTOINCREMENT, `artifact_id` INT NOT NULL, `execution_id` INT NOT NULL, "
                + "`type` INT NOT NULL, `milliseconds_since_epoch` INT, UNIQUE(`artifact_id`, `execution_id`, `type`))",
        "CREATE TABLE IF NOT EXISTS `EventPath` ( `event_id` INT NOT NULL, `is_index_step` TINYINT(1) NOT NULL, `step_index` INT, `step_key` TEXT)",
        "CREATE TABLE IF NOT EXISTS `Association` ( `id` INTEGER PRIMARY KEY AUTOINCREMENT, `context_id` INT NOT NULL, `execution_id` INT NOT NULL, "
                + "UNIQUE(`context_id`, `execution_id`))",
        "CREATE TABLE IF NOT EXISTS `Attribution` ( `id` INTEGER PRIMARY KEY AUTOINCREMENT, `context_id` INT NOT NULL, `artifact_id` INT NOT NULL, "
                + "UNIQUE(`context_id`, `artifact_id`))",
        "CREATE TABLE IF NOT EXISTS `MLMDEnv` ( `schema_version` INTEGER PRIMARY KEY)",
    };
}
