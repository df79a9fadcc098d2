package dev.graphlet.advisor.scoring;

import java.util.Locale;

/**
 * The metric a pipeline's runs are judged by: the Trainer's curve and the Evaluator's result, read under one name.
 * Everything the advisor measures in it (how far a run is expected to clear the deployed model, the blessing bar, the
 * spreads of a pipeline's level) is oriented by its direction and measured in its unit, so a loss on any scale reads
 * as an AUC does.
 *
 * @param name           the metric's key in the Trainer's progress metrics and in the ModelEvaluation's properties
 * @param higherIsBetter whether it improves upwards (auc, accuracy) or downwards (loss, error)
 * @param unit           a change in the metric that matters about as much as 0.01 of AUC (0.01 for AUC itself)
 */
public record Metric(String name, boolean higherIsBetter, double unit) {

    /** The unit of AUC: the scale the advisor's constants were set in. */
    public static final double AUC_UNIT = 0.01;
    public static final Metric AUC = new Metric("auc", true, AUC_UNIT);

    public Metric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("advisor.scoring.curve-metric must name a metric");
        }
        if (!(unit > 0) || Double.isInfinite(unit)) {
            throw new IllegalArgumentException("advisor.scoring.metric-unit must be a positive number, not " + unit);
        }
    }

    /** An AUC-scaled metric improving in the given direction (tests, and metrics in [0, 1] either way). */
    public static Metric ofDirection(boolean higherIsBetter) {
        return higherIsBetter ? AUC : new Metric("loss", false, AUC_UNIT);
    }

    /** How much better {@code value} is than {@code reference}: their difference, oriented so that better is positive. */
    public double gain(double value, double reference) {
        return higherIsBetter ? value - reference : reference - value;
    }

    /** The metric's unit in AUC units: exactly 1 for AUC, so its figures are computed exactly as they always were. */
    public double scale() {
        return unit / AUC_UNIT;
    }

    /** Names that usually mean lower is better: losses and errors. */
    private static final java.util.regex.Pattern LOWER_IS_BETTER =
            java.util.regex.Pattern.compile("(^|[^a-z])(loss|error|err|rmse|mse|mae|mape|perplexity)([^a-z]|$)");

    /**
     * A warning when the name reads like a loss or an error while higher is taken as better (a common slip that makes
     * the advisor read every improvement as a regression), or empty.
     */
    public java.util.Optional<String> directionWarning() {
        if (higherIsBetter && LOWER_IS_BETTER.matcher(name.toLowerCase(Locale.ROOT)).find()) {
            return java.util.Optional.of("warning: advisor.scoring.curve-metric '" + name + "' reads like a metric where "
                    + "lower is better, but advisor.scoring.higher-is-better is true: set it to false if lower is better");
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s is better, unit %s)", name, higherIsBetter ? "higher" : "lower", unit);
    }
}
