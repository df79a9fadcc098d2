package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.state.FleetPartial;
import dev.graphlet.advisor.state.FleetWindow;
import dev.graphlet.advisor.state.WasteTally;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Combines the tasks' {@link FleetPartial}s into fleet-wide waste windows. A window is emitted once every input
 * partition's task has closed it (its partials arrive before its later progress, in order, on one partition), so
 * the fleet metrics are exact however unevenly the tasks progress.
 */
final class FleetWindowProcessor implements Processor<String, FleetPartial, String, WasteMetrics> {

    static final String WINDOWS = "fleet-windows";
    static final String PROGRESS = "fleet-progress";

    private final String scope;
    private ProcessorContext<String, WasteMetrics> context;
    private KeyValueStore<Bytes, FleetWindow> windows;
    private KeyValueStore<Integer, Long> progress;

    FleetWindowProcessor(String scope) {
        this.scope = scope;
    }

    @Override
    public void init(ProcessorContext<String, WasteMetrics> context) {
        this.context = context;
        this.windows = context.getStateStore(WINDOWS);
        this.progress = context.getStateStore(PROGRESS);
    }

    @Override
    public void process(Record<String, FleetPartial> record) {
        FleetPartial partial = record.value();
        if (partial.getWindowStart() >= 0 && partial.getTally().getGraphlets() > 0) {
            Bytes key = key(partial.getWindowStart());
            FleetWindow window = windows.get(key);
            if (window == null) {
                window = FleetWindow.newBuilder().setWindowStart(partial.getWindowStart())
                        .setWindowEnd(partial.getWindowEnd()).setTally(WasteTally.newBuilder().build()).build();
            }
            WasteWindows.merge(window.getTally(), partial.getTally());
            windows.put(key, window);
        }
        Long reported = progress.get(partial.getPartition());
        progress.put(partial.getPartition(), Math.max(reported == null ? Long.MIN_VALUE : reported, partial.getWindowEnd()));

        long complete = Long.MAX_VALUE;
        int reporting = 0;
        try (KeyValueIterator<Integer, Long> all = progress.all()) {
            while (all.hasNext()) {
                complete = Math.min(complete, all.next().value);
                reporting++;
            }
        }
        if (reporting < partial.getPartitions()) {
            return; // some task has not closed any window yet
        }
        List<Bytes> done = new ArrayList<>();
        try (KeyValueIterator<Bytes, FleetWindow> due = windows.range(null, key(complete))) {
            while (due.hasNext()) {
                KeyValue<Bytes, FleetWindow> entry = due.next();
                FleetWindow window = entry.value;
                if (window.getWindowEnd() > complete) {
                    continue;
                }
                context.forward(new Record<>(scope, WasteWindows.metrics(window.getWindowStart(), window.getWindowEnd(),
                        scope, window.getTally()), window.getWindowStart()));
                done.add(entry.key);
            }
        }
        done.forEach(windows::delete);
    }

    private static Bytes key(long windowStart) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(windowStart).array());
    }
}
