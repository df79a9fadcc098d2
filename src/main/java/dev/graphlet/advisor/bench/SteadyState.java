package dev.graphlet.advisor.bench;

import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * A benchmark's steady-state rate: it follows the count of events an application is done with, on a progress bar,
 * until every event is done, and times them from the first event counted to the last (start-up left out).
 *
 * @param first      when the first events were counted (nanoTime)
 * @param firstCount how many were counted then
 * @param end        when the last was counted (nanoTime)
 */
record SteadyState(long first, long firstCount, long end) {

    /** Looks at the application at each poll, and throws when it has stopped before it was done. */
    interface Check {
        void stillRunning(long done);
    }

    static SteadyState follow(String task, long events, LongSupplier done, Check check, long pollMillis)
            throws InterruptedException {
        long begin = System.nanoTime();
        long first = 0;
        long firstCount = 0;
        try (ProgressBar bar = Progress.bar(task, events, " events")) {
            while (done.getAsLong() < events) {
                long now = done.getAsLong();
                check.stillRunning(now);
                if (first == 0 && now > 0) {
                    first = System.nanoTime();
                    firstCount = now;
                }
                bar.stepTo(now);
                Thread.sleep(pollMillis);
            }
            bar.stepTo(events);
        }
        // Done before the first look: no steady state was seen, so the whole wait counts.
        return first == 0 ? new SteadyState(begin, 0, System.nanoTime()) : new SteadyState(first, firstCount, System.nanoTime());
    }

    /** Events per second from the first count to the last. */
    double rate(long events) {
        return (events - firstCount) / seconds();
    }

    double seconds() {
        return (end - first) / 1e9;
    }
}
