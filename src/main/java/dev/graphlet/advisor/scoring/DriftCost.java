package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.state.ModelState;

/**
 * What drift costs a run's evaluation metric, learned across the fleet: drift statistics up to the fleet's median are
 * taken as noise, and a run's excess over it costs {@code slope} of the metric per unit (negative for a metric where
 * higher is better, when drift hurts). A pipeline's level is tracked over its runs' evaluations cleared of that cost,
 * so that a drifted run does not drag down what the next, undrifted, run is expected to reach; and a run's expected
 * metric is that level plus the cost of its own drift.
 *
 * @param level the fleet's median drift statistic (0 while unknown: no excess, no cost)
 * @param slope metric per unit of drift excess (0 until learned), in the metric's own direction and unit
 */
public record DriftCost(double level, double slope) {

    /** No cost: for a model that has seen no drift yet. */
    public static final DriftCost NONE = new DriftCost(0, 0);
    /** Weight older runs keep in the slope's fit at each new one. */
    static final double DECAY = 0.9995;
    /** Relative step of the median's estimate: it moves by this factor towards each drift statistic seen. */
    static final double LEVEL_STEP = 0.01;
    /** Squared excess the fit needs before its slope is used, in squared median levels (a few clearly drifted runs). */
    static final double MIN_SQUARES = 100;

    /** The model's drift cost for AUC. */
    public static DriftCost of(ModelState model) {
        return of(model, Metric.AUC);
    }

    /**
     * The model's drift cost in {@code metric}. The model holds it as a gain in AUC units (see {@link #learn}), so a
     * model trained on a fleet judged by AUC carries its drift cost over to one judged by a loss.
     */
    public static DriftCost of(ModelState model, Metric metric) {
        double level = model.getDriftLevel();
        double gain = level > 0 && model.getDriftCostSquares() >= MIN_SQUARES * level * level
                ? model.getDriftCostCross() / model.getDriftCostSquares() : 0;
        double slope = (metric.higherIsBetter() ? gain : -gain) * metric.scale();
        return new DriftCost(level, slope);
    }

    /** The drift statistic's excess over the fleet's median, 0 when the run's drift is not known (-1). */
    public double excess(double drift) {
        return drift < 0 || level <= 0 ? 0 : Math.max(0, drift - level);
    }

    /** What the run's drift is expected to move its metric by. */
    public double cost(double drift) {
        return slope * excess(drift);
    }

    /**
     * A run with an evaluation ended: its drift statistic moves the fleet's median, and its evaluation's departure from
     * its pipeline's level (when that level is known) teaches the slope.
     *
     * @param departure how much better than its pipeline's level (before it took this run in) the run evaluated, as a
     *                  gain in AUC units ({@link Metric#gain} over {@link Metric#scale}), or NaN when that level is not
     *                  known yet
     */
    static void learn(ModelState model, double drift, double departure) {
        if (drift < 0) {
            return;
        }
        double level = model.getDriftLevel();
        if (level <= 0) {
            model.setDriftLevel(Math.max(drift, 1e-6));
            return;
        }
        // A multiplicative stochastic-approximation step: it settles where half the statistics lie above, at any scale.
        model.setDriftLevel(level * (drift > level ? 1 + LEVEL_STEP : drift < level ? 1 / (1 + LEVEL_STEP) : 1));
        double excess = Math.max(0, drift - level);
        if (!Double.isNaN(departure)) {
            model.setDriftCostCross(model.getDriftCostCross() * DECAY + excess * departure);
            model.setDriftCostSquares(model.getDriftCostSquares() * DECAY + excess * excess);
        }
    }
}
