package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.config.DurationText;

import dev.graphlet.advisor.config.AdvisorConfig;
import dev.graphlet.advisor.config.Topics;
import dev.graphlet.advisor.graphlet.AssemblySettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The advisor's own settings (keys under {@code advisor.}), with their defaults.
 *
 * @param topics               topic names
 * @param assembly             graphlet grouping, closing and state caps
 * @param maxArtifactsPerEvent events carrying more artifacts are dead-lettered (OVERSIZED)
 * @param maxAhead             when present: events whose time is further than this ahead of the wall clock are
 *                             dead-lettered (FUTURE_EVENT_TIME) instead of moving the task's event clock
 * @param closeCheckInterval   how often (event time, on the task's event clock) due graphlets are made final
 * @param wallClockFallback    when present: also close graphlets by wall-clock time minus this lag, so a quiet
 *                             partition still times graphlets out (live deployments; replays leave it off)
 * @param metricsWindow        size of the event-time waste-metrics windows
 * @param metricsGrace         how long a window waits for late outcomes before it closes and is emitted
 * @param fleetScope           the key and scope of fleet-wide metrics
 * @param seed                 seed of advisory ids and holdout draws
 * @param inputPartitions      partitions of the events topic: fleet windows close when every partition's task
 *                             has closed them (part of the configuration, as the determinism contract says)
 */
public record AdvisorSettings(Topics topics, AssemblySettings assembly, int maxArtifactsPerEvent,
                              Optional<Duration> maxAhead, Duration closeCheckInterval, Optional<Duration> wallClockFallback,
                              Duration metricsWindow, Duration metricsGrace, String fleetScope, long seed,
                              int inputPartitions) {

    public AdvisorSettings {
        if (metricsGrace.compareTo(closeCheckInterval) < 0) {
            throw new IllegalArgumentException("advisor.metrics.window-grace must be at least advisor.close.check-interval");
        }
    }

    public static AdvisorSettings defaults() {
        return new AdvisorSettings(Topics.DEFAULTS, AssemblySettings.DEFAULTS, 256,
                Optional.of(Duration.ofHours(1)), Duration.ofMinutes(1), Optional.empty(), Duration.ofDays(1), Duration.ofHours(1), "fleet", 0L, 1);
    }

    /** The same settings for an events topic of {@code partitions} partitions. */
    public AdvisorSettings withInputPartitions(int partitions) {
        return new AdvisorSettings(topics, assembly, maxArtifactsPerEvent, maxAhead, closeCheckInterval,
                wallClockFallback, metricsWindow, metricsGrace, fleetScope, seed, partitions);
    }

    public static AdvisorSettings from(AdvisorConfig config) {
        AdvisorSettings d = defaults();
        AssemblySettings a = d.assembly();
        AssemblySettings assembly = new AssemblySettings(
                config.getDuration("advisor.graphlet.grace", a.grace()),
                config.getDuration("advisor.graphlet.inactivity-timeout", a.inactivityTimeout()),
                config.getDuration("advisor.graphlet.final-retention", a.finalRetention()),
                config.getInt("advisor.cap.open-graphlets-per-pipeline", a.maxOpenGraphlets()),
                config.getInt("advisor.cap.executions-per-graphlet", a.maxExecutions()),
                config.getInt("advisor.cap.push-history", a.pushHistory()));
        Optional<Duration> wallClock = optionalDuration(config, "advisor.close.wall-clock-fallback", Optional.empty());
        Optional<Duration> maxAhead = optionalDuration(config, "advisor.event-time.max-ahead", d.maxAhead());
        long seedValue = config.getLong("advisor.seed", d.seed());
        return new AdvisorSettings(config.topics(), assembly,
                config.getInt("advisor.max-artifacts-per-event", d.maxArtifactsPerEvent()),
                maxAhead,
                config.getDuration("advisor.close.check-interval", d.closeCheckInterval()),
                wallClock,
                config.getDuration("advisor.metrics.window", d.metricsWindow()),
                config.getDuration("advisor.metrics.window-grace", d.metricsGrace()),
                config.get("advisor.metrics.fleet-scope", d.fleetScope()),
                seedValue, d.inputPartitions());
    }

    /** A duration that "off" (or blank) turns off. */
    private static Optional<Duration> optionalDuration(AdvisorConfig config, String key, Optional<Duration> fallback) {
        return config.get(key)
                .map(v -> v.isBlank() || v.equalsIgnoreCase("off") ? Optional.<Duration>empty()
                        : Optional.of(DurationText.parse(key, v)))
                .orElse(fallback);
    }
}
