package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How far a pipeline's evaluations move from one run to the next, over a history: the median, across every pipeline's
 * consecutive evaluations, of their absolute difference. Set against the same figure for the simulated fleet's AUC,
 * whose unit is 0.01, it suggests the {@code advisor.scoring.metric-unit} that reads a history on AUC's scale.
 */
public final class MetricSpread implements Consumer<ExecutionEvent> {

    /** The simulated fleet's figure for AUC (its default regime, 1,000 pipelines over 60 days, seed 7). */
    public static final double SIMULATED_AUC = 0.0123;
    /** Pairs of consecutive evaluations needed before a suggestion is made. */
    public static final int MIN_PAIRS = 50;

    private final String metric;
    private final Map<String, Double> last = new HashMap<>();
    private final List<Double> differences = new ArrayList<>();

    public MetricSpread(String metric) {
        this.metric = metric;
    }

    @Override
    public void accept(ExecutionEvent event) {
        for (ArtifactRef output : event.getOutputs()) {
            double evaluation = RunFactsFold.evaluation(output, metric);
            if (Double.isFinite(evaluation)) {
                Double previous = last.put(event.getPipelineId(), evaluation);
                if (previous != null) {
                    differences.add(Math.abs(evaluation - previous));
                }
            }
        }
    }

    /** Pairs of consecutive evaluations seen. */
    public int pairs() {
        return differences.size();
    }

    /** The median absolute difference between consecutive evaluations of a pipeline; NaN before {@link #MIN_PAIRS}. */
    public double median() {
        if (differences.size() < MIN_PAIRS) {
            return Double.NaN;
        }
        double[] sorted = differences.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The unit at which this history's spread matches the simulated AUC's; NaN before {@link #MIN_PAIRS}. */
    public double suggestedUnit() {
        return Metric.AUC_UNIT * median() / SIMULATED_AUC;
    }
}
