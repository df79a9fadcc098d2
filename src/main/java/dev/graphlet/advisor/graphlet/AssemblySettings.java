package dev.graphlet.advisor.graphlet;

import java.time.Duration;

/**
 * How graphlets are assembled and closed.
 *
 * @param grace                 a graphlet is final this long (event time) after its terminal event, so late
 *                              events of the same run still count
 * @param inactivityTimeout     a graphlet with no terminal event times out this long after its last event
 * @param finalRetention        how long a final graphlet is remembered (events for it are LATE; after this they
 *                              would open a new graphlet)
 * @param maxOpenGraphlets      per pipeline; opening one more closes the oldest as TIMED_OUT (counted)
 * @param maxExecutions         per graphlet; an event adding one more is dead-lettered as OVERSIZED
 * @param pushHistory           push intervals remembered per pipeline
 */
public record AssemblySettings(Duration grace, Duration inactivityTimeout, Duration finalRetention,
                               int maxOpenGraphlets, int maxExecutions, int pushHistory) {

    public static final AssemblySettings DEFAULTS = new AssemblySettings(Duration.ofMinutes(10), Duration.ofHours(24),
            Duration.ofDays(7), 32, 256, 16);

    public AssemblySettings {
        if (grace.isNegative() || inactivityTimeout.isNegative() || inactivityTimeout.isZero() || finalRetention.isNegative()) {
            throw new IllegalArgumentException("grace and retention must be >= 0 and the inactivity timeout > 0");
        }
        if (maxOpenGraphlets < 1 || maxExecutions < 1 || pushHistory < 1) {
            throw new IllegalArgumentException("state caps must be at least 1");
        }
    }
}
