package dev.graphlet.advisor.sim;

import java.util.Locale;

/**
 * The metric the simulated fleet's Trainers and Evaluators report. Underneath, every run has an AUC-like quality in
 * [0, 1]; a fleet reporting a loss reports {@value #LOSS_SCALE} times one minus it instead (lower is better, and three
 * times as spread out), so an advisor configured for a loss can be judged on the very same fleet as one for AUC.
 */
public enum FleetMetric {
    /** {@code auc}: the quality itself (the default). */
    AUC("auc", true),
    /** {@code loss}: {@value #LOSS_SCALE} × (1 − quality). */
    LOSS("loss", false);

    /** How much more spread out the loss is than the AUC. */
    public static final double LOSS_SCALE = 3;

    private final String key;
    private final boolean higherIsBetter;

    FleetMetric(String key, boolean higherIsBetter) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
    }

    /** The metric's key in the Trainer's progress metrics and the ModelEvaluation's properties. */
    public String key() {
        return key;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** A difference in the metric that means as much as 0.01 of AUC. */
    public double unit() {
        return this == AUC ? 0.01 : LOSS_SCALE * 0.01;
    }

    /** What a run of the given quality reports. */
    public double report(double quality) {
        return this == AUC ? quality : LOSS_SCALE * (1 - quality);
    }

    /** The quality behind a reported value. */
    public double quality(double reported) {
        return this == AUC ? reported : 1 - reported / LOSS_SCALE;
    }

    /** The metric named on a command line: auc or loss. */
    public static FleetMetric parse(String name) {
        for (FleetMetric metric : values()) {
            if (metric.key.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return metric;
            }
        }
        throw new IllegalArgumentException("metric must be auc or loss, not '" + name + "'");
    }
}
