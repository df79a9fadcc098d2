package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.scoring.Draws;
import dev.graphlet.advisor.scoring.Features;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.state.RunFacts;
import dev.graphlet.advisor.state.ScoredPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each feature's stand-alone AUC at each decision point: how well the feature alone ranks runs that deployed above
 * runs that did not, on a deterministic sample of the runs whose outcome the advisor saw (holdout runs weighted by
 * the inverse of the holdout probability are not re-weighted here: the sample is of what was seen). An AUC below
 * 0.5 means the feature predicts non-deployment when high; its strength is |AUC - 0.5|.
 */
public final class FeatureAuc {

    static final double SAMPLE = 0.25;
    private final long seed;
    private final List<List<double[]>> features = new ArrayList<>();
    private final List<List<Boolean>> labels = new ArrayList<>();

    FeatureAuc(long seed) {
        this.seed = seed ^ 0x5eed_a0c0L;
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            features.add(new ArrayList<>());
            labels.add(new ArrayList<>());
        }
    }

    void add(String run, RunFacts facts, boolean deployed) {
        if (facts.getScored().isEmpty() || Draws.uniform(run, seed) >= SAMPLE) {
            return;
        }
        ScoredPoint[] byPoint = new ScoredPoint[OnlineModel.POINTS];
        for (ScoredPoint scored : facts.getScored()) {
            byPoint[scored.getPoint()] = scored; // the latest scored by each model
        }
        for (int p = 0; p < byPoint.length; p++) {
            if (byPoint[p] != null) {
                features.get(p).add(byPoint[p].getFeatures().stream().mapToDouble(Double::doubleValue).toArray());
                labels.get(p).add(deployed);
            }
        }
    }

    /** AUC per decision point and feature (the bias left out); NaN where a point saw no runs of one label. */
    public Map<String, Map<String, Double>> table() {
        Map<String, Map<String, Double>> table = new LinkedHashMap<>();
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (int f = 1; f < Features.SIZE; f++) {
                row.put(Features.NAMES.get(f), auc(features.get(p), labels.get(p), f));
            }
            table.put(OnlineModel.MODEL_NAMES.get(p), row);
        }
        return table;
    }

    public int samples(int model) {
        return labels.get(model).size();
    }

    /** Mann-Whitney AUC with ties counted half. */
    static double auc(List<double[]> xs, List<Boolean> ys, int feature) {
        int n = xs.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> xs.get(i)[feature]));
        double positives = 0;
        double negatives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double value = xs.get(order[i])[feature];
            while (j < n && xs.get(order[j])[feature] == value) {
                j++;
            }
            double midRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (ys.get(order[k])) {
                    positives++;
                    rankSum += midRank;
                } else {
                    negatives++;
                }
            }
            i = j;
        }
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
