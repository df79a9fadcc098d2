package dev.graphlet.advisor.mlmd;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A schema-v10 MLMD store in SQLite, built run by run as a TFX pipeline would fill it (for tests). */
public final class MlmdTestStore {

    public enum Run { PUSHED, NOT_BLESSED, FAILED }

    private static final String[] TYPES = {"pipeline", "pipeline_run", "tfx.components.example_gen.csv_example_gen.component.CsvExampleGen",
            "tfx.components.trainer.component.Trainer", "tfx.components.evaluator.component.Evaluator",
            "tfx.components.pusher.component.Pusher", "Examples", "Model", "ModelBlessing", "PushedModel"};

    private final String url;

    private MlmdTestStore(String url) {
        this.url = url;
    }

    /** The JDBC URL (or SQLite path) the advisor reads the store at. */
    public String location() {
        return url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length()) : url;
    }

    public static MlmdTestStore create(Path file, String pipeline) throws SQLException {
        return create("jdbc:sqlite:" + file, pipeline, false);
    }

    /**
     * A store in a fresh database of a MySQL/MariaDB server ({@code serverUrl} without a database, e.g.
     * {@code jdbc:mariadb://localhost:3306/?user=u&password=p}), with MLMD's MySQL column types.
     */
    public static MlmdTestStore createOnServer(String serverUrl, String pipeline) throws SQLException {
        String database = "mlmd_test_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        int slash = serverUrl.indexOf('/', "jdbc:mariadb://".length());
        int query = serverUrl.indexOf('?');
        String url = serverUrl.substring(0, slash + 1) + database + (query >= 0 ? serverUrl.substring(query) : "");
        return create(url, pipeline, true);
    }

    private static MlmdTestStore create(String url, String pipeline, boolean mysql) throws SQLException {
        MlmdTestStore store = new MlmdTestStore(url);
        try (Connection c = DriverManager.getConnection(store.url); Statement s = c.createStatement()) {
            for (String ddl : MlmdImportTest.V10_DDL) {
                s.execute(mysql ? ddl.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "INT PRIMARY KEY AUTO_INCREMENT")
                        .replace("INTEGER PRIMARY KEY", "INT PRIMARY KEY")
                        .replace("`create_time_since_epoch` INT", "`create_time_since_epoch` BIGINT")
                        .replace("`last_update_time_since_epoch` INT", "`last_update_time_since_epoch` BIGINT")
                        .replace("`milliseconds_since_epoch` INT", "`milliseconds_since_epoch` BIGINT")
                        .replace("`name` VARCHAR(255) NOT NULL, `is_custom_property`", "`name` VARCHAR(255) NOT NULL, `is_custom_property`")
                        : ddl);
            }
            s.execute("INSERT INTO MLMDEnv VALUES (10)");
            for (int i = 0; i < TYPES.length; i++) {
                s.execute("INSERT INTO Type (id, name, type_kind) VALUES (" + (i + 1) + ", '" + TYPES[i] + "', " + (i < 2 ? 2 : i < 6 ? 0 : 1) + ")");
            }
            s.execute("INSERT INTO Context (id, type_id, name) VALUES (1, 1, '" + pipeline + "')");
        }
        return store;
    }

    /** Adds a run (4 executions, 10 minutes each, 11 minutes apart) starting at {@code start}. */
    public void addRun(String runName, Run outcome, long start) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long context = max(s, "Context") + 1;
            long artifact = max(s, "Artifact");
            long exec = max(s, "Execution");
            s.execute("INSERT INTO Context (id, type_id, name) VALUES (" + context + ", 2, '" + runName + "')");
            long examples = ++artifact;
            long model = ++artifact;
            long blessing = ++artifact;
            long pushed = ++artifact;
            boolean good = outcome == Run.PUSHED;
            s.execute("INSERT INTO Artifact (id, type_id, uri) VALUES (" + examples + ", 7, 'e'), (" + model + ", 8, 'm'), ("
                    + blessing + ", 9, 'b'), (" + pushed + ", 10, 'p')");
            s.execute("INSERT INTO ArtifactProperty (artifact_id, name, is_custom_property, int_value) VALUES (" + blessing
                    + ", 'blessed', 1, " + (good ? 1 : 0) + "), (" + pushed + ", 'pushed', 1, " + (good ? 1 : 0) + ")");
            long[][] steps = {{3, 0, examples}, {4, examples, model}, {5, model, blessing}, {6, blessing, pushed}};
            long t = start;
            for (long[] step : steps) {
                exec++;
                boolean failed = outcome == Run.FAILED && step[0] == 4;
                s.execute("INSERT INTO Execution (id, type_id, last_known_state, create_time_since_epoch, last_update_time_since_epoch) VALUES ("
                        + exec + ", " + step[0] + ", " + (failed ? 4 : 3) + ", " + t + ", " + (t + 600_000) + ")");
                s.execute("INSERT INTO Association (context_id, execution_id) VALUES (1, " + exec + "), (" + context + ", " + exec + ")");
                if (step[1] > 0) {
                    s.execute("INSERT INTO Event (artifact_id, execution_id, type, milliseconds_since_epoch) VALUES (" + step[1] + ", " + exec + ", 3, " + t + ")");
                }
                if (!failed) {
                    s.execute("INSERT INTO Event (artifact_id, execution_id, type, milliseconds_since_epoch) VALUES (" + step[2] + ", " + exec + ", 4, " + (t + 600_000) + ")");
                }
                t += 660_000;
                if (failed) {
                    break;
                }
            }
        }
    }

    /** A Trainer execution of the pipeline still RUNNING (no run context): returns its id. */
    public long addRunningTrainer(long start) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long exec = max(s, "Execution") + 1;
            s.execute("INSERT INTO Execution (id, type_id, last_known_state, create_time_since_epoch, last_update_time_since_epoch) VALUES ("
                    + exec + ", 4, 2, " + start + ", " + start + ")");
            s.execute("INSERT INTO Association (context_id, execution_id) VALUES (1, " + exec + ")");
            return exec;
        }
    }

    /** The execution finished (COMPLETE) at {@code end}: its row changes, its id does not. */
    public void complete(long execution, long end) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE Execution SET last_known_state = 3, last_update_time_since_epoch = " + end + " WHERE id = " + execution);
        }
    }

    private static long max(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
