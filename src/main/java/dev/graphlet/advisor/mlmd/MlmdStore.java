package dev.graphlet.advisor.mlmd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;

/**
 * A read-only view of an ML Metadata store (SQLite file or MySQL/MariaDB through JDBC), of any schema version TFX
 * has written from 4 to 10: columns that only newer schemas have (execution state and timestamps) are read when
 * present, and older stores' ExecutionProperty rows (state, run_id) stand in for them.
 */
public final class MlmdStore implements AutoCloseable {

    public static final int OLDEST = 4;
    public static final int NEWEST = 10;

    /** One MLMD execution with what the store knows of it. */
    public record Execution(long id, String typeName, Integer lastKnownState, long createTime, long updateTime,
                            Map<String, String> properties, List<Long> contexts) {
    }

    public record Artifact(long id, String typeName, String uri, Map<String, String> properties) {
    }

    public record Event(long artifactId, long executionId, int type, long time, String key) {
    }

    public record Context(long id, String typeName, String name) {
    }

    private final Connection connection;
    private final int schemaVersion;

    private MlmdStore(Connection connection, int schemaVersion) {
        this.connection = connection;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Opens a store read-only: a path is a SQLite file; a {@code jdbc:} URL names a MySQL or MariaDB database.
     *
     * @throws MlmdException with a one-line reason: missing file, not an MLMD store, unsupported schema version,
     *                       locked or corrupt database, unreachable server
     */
    public static MlmdStore open(String db) {
        Connection connection;
        try {
            if (db.startsWith("jdbc:")) {
                connection = DriverManager.getConnection(db);
            } else {
                Path file = Path.of(db);
                if (!Files.isRegularFile(file)) {
                    throw new MlmdException("No MLMD store at " + db + ": no such file");
                }
                SQLiteConfig config = new SQLiteConfig();
                config.setReadOnly(true);
                config.setBusyTimeout(2000);
                connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            }
            connection.setReadOnly(true);
        } catch (SQLException e) {
            throw new MlmdException("Cannot open the MLMD store " + db + ": " + firstLine(e.getMessage()));
        }
        int version;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT schema_version FROM MLMDEnv")) {
            version = rs.next() ? rs.getInt(1) : -1;
        } catch (SQLException e) {
            close(connection);
            String message = firstLine(e.getMessage());
            throw new MlmdException(message.toLowerCase(Locale.ROOT).contains("lock") || message.contains("BUSY")
                    ? "The MLMD store " + db + " is locked by another process: " + message
                    : "Not an MLMD store (or a corrupt one): " + db + ": " + message);
        }
        if (version < OLDEST || version > NEWEST) {
            close(connection);
            throw new MlmdException("MLMD schema version " + version + " of " + db + " is not supported (" + OLDEST + " to " + NEWEST + ")");
        }
        return new MlmdStore(connection, version);
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public Map<Long, Context> contexts() throws SQLException {
        Map<Long, String> types = typeNames();
        Map<Long, Context> contexts = new TreeMap<>();
        query("SELECT id, type_id, name FROM Context", rs -> contexts.put(rs.getLong(1),
                new Context(rs.getLong(1), types.getOrDefault(rs.getLong(2), "?"), rs.getString(3))));
        return contexts;
    }

    /** Executions with id above {@code afterId} (0: all), in id order. */
    public List<Execution> executions(long afterId) throws SQLException {
        return executions(afterId, Long.MAX_VALUE);
    }

    /** Whether the schema records when executions were last updated (newer schemas). */
    public boolean hasUpdateTimes() throws SQLException {
        return columns("Execution").contains("last_update_time_since_epoch");
    }

    /**
     * Executions with id above {@code afterId}, or, where the schema records it, last updated after
     * {@code updatedAfter} (an older row that changed), in id order.
     */
    public List<Execution> executions(long afterId, long updatedAfter) throws SQLException {
        Map<Long, String> types = typeNames();
        Set<String> columns = columns("Execution");
        boolean state = columns.contains("last_known_state");
        boolean times = columns.contains("create_time_since_epoch");
        Map<Long, Map<String, String>> properties = properties("ExecutionProperty", "execution_id");
        Map<Long, List<Long>> contexts = new HashMap<>();
        query("SELECT execution_id, context_id FROM Association ORDER BY context_id",
                rs -> contexts.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)));
        List<Execution> list = new ArrayList<>();
        query("SELECT id, type_id" + (state ? ", last_known_state" : "") + (times ? ", create_time_since_epoch, last_update_time_since_epoch" : "")
                + " FROM Execution WHERE id > " + afterId
                + (times && updatedAfter < Long.MAX_VALUE ? " OR last_update_time_since_epoch > " + updatedAfter : "")
                + " ORDER BY id", rs -> {
            long id = rs.getLong(1);
            Integer known = null;
            if (state) {
                int v = rs.getInt(3);
                known = rs.wasNull() ? null : v;
            }
            long created = times ? rs.getLong(state ? 4 : 3) : 0;
            long updated = times ? rs.getLong(state ? 5 : 4) : 0;
            list.add(new Execution(id, types.getOrDefault(rs.getLong(2), "?"), known, created, updated,
                    properties.getOrDefault(id, Map.of()), contexts.getOrDefault(id, List.of())));
        });
        return list;
    }

    public Map<Long, Artifact> artifacts() throws SQLException {
        Map<Long, String> types = typeNames();
        Map<Long, Map<String, String>> properties = properties("ArtifactProperty", "artifact_id");
        Map<Long, Artifact> artifacts = new HashMap<>();
        query("SELECT id, type_id, uri FROM Artifact", rs -> artifacts.put(rs.getLong(1), new Artifact(rs.getLong(1),
                types.getOrDefault(rs.getLong(2), "?"), rs.getString(3), properties.getOrDefault(rs.getLong(1), Map.of()))));
        return artifacts;
    }

    /** Events in id order, each with the key of its path (the input or output name, e.g. "examples"), if any. */
    public List<Event> events() throws SQLException {
        Map<Long, String> keys = new HashMap<>();
        if (tables().contains("eventpath")) {
            query("SELECT event_id, step_key FROM EventPath WHERE step_key IS NOT NULL", rs -> keys.putIfAbsent(rs.getLong(1), rs.getString(2)));
        }
        List<Event> events = new ArrayList<>();
        query("SELECT id, artifact_id, execution_id, type, milliseconds_since_epoch FROM Event ORDER BY id", rs -> events.add(
                new Event(rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5), keys.get(rs.getLong(1)))));
        return events;
    }

    private Map<Long, String> typeNames() throws SQLException {
        Map<Long, String> names = new HashMap<>();
        query("SELECT id, name FROM Type", rs -> names.put(rs.getLong(1), rs.getString(2)));
        return names;
    }

    /** Property rows by owner: the value as text, whichever column holds it (custom properties included). */
    private Map<Long, Map<String, String>> properties(String table, String owner) throws SQLException {
        Set<String> columns = columns(table);
        List<String> valueColumns = new ArrayList<>(List.of("int_value", "double_value", "string_value"));
        if (columns.contains("bool_value")) {
            valueColumns.add("bool_value");
        }
        Map<Long, Map<String, String>> map = new HashMap<>();
        query("SELECT " + owner + ", name, " + String.join(", ", valueColumns) + " FROM " + table, rs -> {
            String value = null;
            for (int i = 0; i < valueColumns.size() && value == null; i++) {
                Object v = rs.getObject(3 + i);
                if (v != null) {
                    value = v instanceof Double d && d == Math.rint(d) && valueColumns.get(i).equals("int_value")
                            ? Long.toString(d.longValue()) : v.toString();
                }
            }
            if (value != null) {
                map.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).putIfAbsent(rs.getString(2), value);
            }
        });
        return map;
    }

    private Set<String> columns(String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    private Set<String> tables() throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing after a failure: the failure is what the caller reports
        }
    }

    @Override
    public void close() {
        close(connection);
    }
}
