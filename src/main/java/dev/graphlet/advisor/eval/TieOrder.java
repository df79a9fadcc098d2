package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.ExecutionEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Passes on events in event-time order with ties in one canonical order (by pipeline, each pipeline's own order
 * kept), so a trace read from a file and the same trace read from a topic's partitions reach a policy that learns
 * across pipelines in exactly the same order. Call {@link #flush()} at the end.
 */
public final class TieOrder implements Consumer<ExecutionEvent> {

    private final Consumer<ExecutionEvent> next;
    private final List<ExecutionEvent> tied = new ArrayList<>();
    private long time = Long.MIN_VALUE;

    public TieOrder(Consumer<ExecutionEvent> next) {
        this.next = next;
    }

    @Override
    public void accept(ExecutionEvent event) {
        long t = event.getEventTime().toEpochMilli();
        if (t != time) {
            flush();
            time = t;
        }
        tied.add(event);
    }

    public void flush() {
        tied.sort(Comparator.comparing(ExecutionEvent::getPipelineId)); // stable: each pipeline keeps its order
        tied.forEach(next);
        tied.clear();
    }
}
