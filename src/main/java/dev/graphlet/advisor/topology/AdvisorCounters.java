package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.graphlet.RejectionReason;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The advisor's own counters, shared by the stream threads and the exception handlers of one application
 * instance: events processed, duplicates dropped, dead letters by reason, decision points, outcomes by reason,
 * state caps hit. Read by tests and exported as metrics.
 */
public final class AdvisorCounters {

    /** Key under which the counters travel in the Streams configuration to the exception handlers. */
    public static final String CONFIG_KEY = "advisor.internal.counters";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    public void deadLetter(RejectionReason reason) {
        increment("dead-letters." + reason.name());
    }

    public long get(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    /** Whether a counter counts input records the topology is done with: accepted, duplicates, dead letters. */
    public static boolean countsHandledInput(String name) {
        return name.equals("events") || name.equals("duplicates") || name.startsWith("dead-letters.");
    }

    /** Input records the topology is done with: accepted, dropped as duplicates, or dead-lettered. */
    public long inputsHandled() {
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : counters.entrySet()) {
            if (countsHandledInput(e.getKey())) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        return snapshot;
    }
}
