package dev.graphlet.advisor.sim;

import java.time.Instant;

/**
 * What a simulated fleet looks like. The defaults are the paper's scale: 3000 pipelines over 120 days (about
 * 450,000 training runs).
 *
 * @param pipelines number of pipelines
 * @param days      simulated days; runs start in [start, start + days)
 * @param seed      every random draw derives from it: the same settings give the same events, byte for byte
 * @param drift     how often and how strongly input data drifts, as a multiple of the default regime (1.0);
 *                  0 turns drift off
 * @param pushRate  the share of runs a steady pipeline (no drift, no breakage) would deploy; the fleet's actual
 *                  deployment share is lower (drift, breakage, failures and identical re-runs do not deploy)
 * @param start     event time of the simulation's beginning
 * @param metric    what the Trainers and Evaluators report: AUC, or a loss on another scale; the fleet is the same
 */
public record SimulationSettings(int pipelines, int days, long seed, double drift, double pushRate, Instant start,
                                 FleetMetric metric) {

    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

    public static final SimulationSettings PAPER_SCALE = new SimulationSettings(3000, 120, 1L, 1.0, 0.85, DEFAULT_START);

    public SimulationSettings {
        if (pipelines < 1) {
            throw new IllegalArgumentException("pipelines must be at least 1");
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1");
        }
        if (!(drift >= 0) || drift > 10) {
            throw new IllegalArgumentException("drift must be between 0 and 10 (1 = the default regime)");
        }
        if (!(pushRate > 0 && pushRate < 1)) {
            throw new IllegalArgumentException("push rate must be strictly between 0 and 1");
        }
        if (metric == null) {
            throw new IllegalArgumentException("the reported metric must be given");
        }
    }

    /** A fleet reporting AUC. */
    public SimulationSettings(int pipelines, int days, long seed, double drift, double pushRate, Instant start) {
        this(pipelines, days, seed, drift, pushRate, start, FleetMetric.AUC);
    }

    public SimulationSettings withMetric(FleetMetric newMetric) {
        return new SimulationSettings(pipelines, days, seed, drift, pushRate, start, newMetric);
    }

    public long startMillis() {
        return start.toEpochMilli();
    }

    public long endMillis() {
        return start.toEpochMilli() + days * 86_400_000L;
    }
}
