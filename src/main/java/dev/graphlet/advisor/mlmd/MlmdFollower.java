package dev.graphlet.advisor.mlmd;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlet.advisor.contract.ExecutionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What has been published from a store, so a restart resumes exactly: the highest execution id seen (the
 * watermark), the latest update time published (where the schema records update times, older rows that changed
 * are read again), the event ids published for executions within a trailing re-scan window below the watermark
 * (rows committed out of order, with lower ids, are still found), and executions whose end is still to come. Kept in a small JSON file,
 * replaced atomically after each published batch.
 */
public final class MlmdFollower {

    /** The persisted state. */
    public static final class State {
        public long watermark;
        /** The latest event time published: with a schema that records update times, executions updated after it (less the re-scan margin) are read again. */
        public long updatedWatermark = -1;
        public TreeSet<String> published = new TreeSet<>();
        public TreeSet<Long> pending = new TreeSet<>();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Executions updated this long before the update watermark are read again (clocks of writers disagree). */
    static final long RESCAN_MILLIS = 10 * 60_000L;
    private final Path file;
    private final int rescan;
    private final Optional<String> costProperty;
    private State state;

    /** @param rescan executions below the watermark read again on every pass */
    public MlmdFollower(Path file, int rescan, Optional<String> costProperty) {
        this.file = file;
        this.rescan = rescan;
        this.costProperty = costProperty;
        this.state = load(file);
    }

    public long watermark() {
        return state.watermark;
    }

    /** The events of the store not published yet, in event-time order. */
    public List<ExecutionEvent> unpublished(MlmdStore store) throws SQLException {
        long after = Math.max(0, state.watermark - rescan);
        if (!state.pending.isEmpty()) {
            after = Math.min(after, state.pending.first() - 1);
        }
        long updatedAfter = store.hasUpdateTimes() && state.updatedWatermark >= 0
                ? state.updatedWatermark - RESCAN_MILLIS : Long.MAX_VALUE;
        List<ExecutionEvent> fresh = new ArrayList<>();
        for (ExecutionEvent event : MlmdEvents.of(store, after, updatedAfter, costProperty)) {
            if (!state.published.contains(event.getEventId())) {
                fresh.add(event);
            }
        }
        return fresh;
    }

    /** The events were published (acknowledged): remember them, move the watermark, persist. */
    public void published(List<ExecutionEvent> events) {
        for (ExecutionEvent event : events) {
            state.published.add(event.getEventId());
            long execution = executionNumber(event);
            state.watermark = Math.max(state.watermark, execution);
            state.updatedWatermark = Math.max(state.updatedWatermark, event.getEventTime().toEpochMilli());
            if (event.getEventId().endsWith(":start")) {
                state.pending.add(execution);
            } else {
                state.pending.remove(execution);
            }
        }
        long floor = state.watermark - rescan;
        state.published.removeIf(id -> {
            long execution = executionNumber(id);
            return execution < floor && !state.pending.contains(execution);
        });
        save();
    }

    private void save() {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MlmdException("Cannot write the follow state " + file + ": " + e.getMessage());
        }
    }

    private static State load(Path file) {
        if (!Files.exists(file)) {
            return new State();
        }
        try {
            return JSON.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new MlmdException("The follow state " + file + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
                    + "): delete it to import everything again");
        }
    }

    private static long executionNumber(ExecutionEvent event) {
        return Long.parseLong(event.getExecutionId().substring("mlmd-execution-".length()));
    }

    /** {@code mlmd:<pipeline>:<execution>:start|end} -> execution. */
    private static long executionNumber(String eventId) {
        String[] parts = eventId.split(":");
        return Long.parseLong(parts[parts.length - 2]);
    }
}
