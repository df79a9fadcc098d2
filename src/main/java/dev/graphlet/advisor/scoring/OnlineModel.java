package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.Reason;
import dev.graphlet.advisor.state.ModelState;
import java.util.ArrayList;
import java.util.List;

/**
 * A logistic regression per decision point, learned online from runs that ended (AdaGrad steps, weighted
 * examples, a little L2), and the threshold calibration that goes with it. Deterministic: the same outcomes in the
 * same order give the same model. Operates on a {@link ModelState}, the form it is stored and snapshotted in.
 */
public final class OnlineModel {

    /** Models: RUN_START, PRE_TRAIN, and IN_TRAINING after one, two, three or more curve points. */
    public static final int POINTS = 5;
    public static final java.util.List<String> MODEL_NAMES =
            java.util.List.of("RUN_START", "PRE_TRAIN", "IN_TRAINING/1", "IN_TRAINING/2", "IN_TRAINING/3+");
    static final double LEARNING_RATE = 0.3;
    static final double L2 = 1e-5;
    /** Recent runs whose scores set the threshold. */
    static final int RING = 2000;
    /** The threshold is recomputed after this many runs. */
    static final int RECALIBRATE_EVERY = 50;

    private OnlineModel() {
    }

    public static ModelState fresh() {
        List<List<Double>> weights = new ArrayList<>();
        List<List<Double>> squares = new ArrayList<>();
        List<Double> seen = new ArrayList<>();
        for (int p = 0; p < POINTS; p++) {
            weights.add(zeros(Features.SIZE));
            squares.add(zeros(Features.SIZE));
            seen.add(0.0);
        }
        return ModelState.newBuilder().setWeights(weights).setGradientSquares(squares).setSeen(seen)
                .setRingScores(new ArrayList<>()).setRingProbabilities(new ArrayList<>()).setRingOutcomes(new ArrayList<>())
                .build();
    }

    /** A model state from an older build with fewer features gets the new ones at weight 0. */
    public static ModelState upgrade(ModelState model) {
        for (int p = 0; p < POINTS; p++) {
            while (model.getWeights().get(p).size() < Features.SIZE) {
                model.getWeights().get(p).add(0.0);
                model.getGradientSquares().get(p).add(0.0);
            }
        }
        return model;
    }

    public static double logOdds(ModelState model, int point, double[] x) {
        List<Double> w = model.getWeights().get(point);
        double z = 0;
        for (int i = 0; i < x.length; i++) {
            z += w.get(i) * x[i];
        }
        return z;
    }

    public static double probability(ModelState model, int point, double[] x) {
        return sigmoid(logOdds(model, point, x));
    }

    public static void learn(ModelState model, int point, double[] x, boolean deployed, double weight) {
        double p = probability(model, point, x);
        double error = (p - (deployed ? 1 : 0)) * weight;
        List<Double> w = model.getWeights().get(point);
        List<Double> g2 = model.getGradientSquares().get(point);
        for (int i = 0; i < x.length; i++) {
            double g = error * x[i] + (i == 0 ? 0 : L2 * w.get(i));
            if (g == 0) {
                continue;
            }
            double squares = g2.get(i) + g * g;
            g2.set(i, squares);
            w.set(i, w.get(i) - LEARNING_RATE * g / Math.sqrt(squares + 1e-8));
        }
        model.getSeen().set(point, model.getSeen().get(point) + weight);
    }

    /** The features that moved the log-odds most, strongest first (the bias is not a reason). */
    public static List<Reason> reasons(ModelState model, int point, double[] x, int top) {
        // Asked at every decision point: the top few by selection, not a sort of every feature's contribution.
        List<Double> w = model.getWeights().get(point);
        double[] contributions = new double[x.length];
        for (int i = 1; i < x.length; i++) {
            contributions[i] = w.get(i) * x[i];
        }
        boolean[] taken = new boolean[x.length];
        List<Reason> reasons = new ArrayList<>(top);
        while (reasons.size() < top) {
            int best = -1;
            for (int i = 1; i < x.length; i++) {
                if (!taken[i] && contributions[i] != 0 && (best < 0 || stronger(contributions[i], i, contributions[best], best))) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            reasons.add(new Reason(Features.NAMES.get(best), x[best], contributions[best]));
        }
        return reasons;
    }

    /** Larger magnitude first; equal magnitudes by feature name. */
    private static boolean stronger(double a, int i, double b, int j) {
        int byMagnitude = Double.compare(Math.abs(b), Math.abs(a));
        return byMagnitude != 0 ? byMagnitude < 0 : Features.NAMES.get(i).compareTo(Features.NAMES.get(j)) < 0;
    }

    /**
     * A scored run ended: it joins the calibration ring with its lowest skip score (where the policy could have
     * skipped it) and the probability of deployment the model gave it there, and every so often the threshold becomes
     * the highest one whose runs below it would have held at most {@code maxMissed} of the ring's deployments (with a
     * margin of {@link #BUDGET_SIGMAS} standard deviations). Misses
     * are counted with the model's probabilities rather than the observed outcomes: a run skipped on advice has no
     * outcome, and the few holdouts alone would make the threshold jump; holdouts keep those probabilities honest.
     *
     * @param outcome 1 deployed, 0 not, -1 unknown (skipped on advice)
     */
    public static void calibrate(ModelState model, double lowestScore, double probability, int outcome, double maxMissed) {
        List<Float> scores = model.getRingScores();
        List<Float> probabilities = model.getRingProbabilities();
        List<Integer> outcomes = model.getRingOutcomes();
        if (scores.size() < RING) {
            scores.add((float) lowestScore);
            probabilities.add((float) probability);
            outcomes.add(outcome);
        } else {
            scores.set(model.getRingNext(), (float) lowestScore);
            probabilities.set(model.getRingNext(), (float) probability);
            outcomes.set(model.getRingNext(), outcome);
        }
        model.setRingNext((model.getRingNext() + 1) % RING);
        if (model.getRingNext() % RECALIBRATE_EVERY == 0) {
            model.setThreshold(threshold(scores, probabilities, outcomes, maxMissed / missRatio(model)));
        }
    }

    /** Expected deployments a prior on the holdouts' ratio is worth (the ratio starts at 1). */
    static final double HOLDOUT_PRIOR = 5;
    /** Weight older holdouts keep at each new one. */
    static final double HOLDOUT_DECAY = 0.998;

    /**
     * A holdout run ended: the model had given it probability {@code probability} of deploying where it would have
     * been skipped. Holdouts are the only runs of the skip region whose outcome is seen, so they tell how far the
     * model's probabilities there are to be trusted.
     */
    public static void holdoutOutcome(ModelState model, double probability, boolean deployed) {
        model.setHoldoutExpected(model.getHoldoutExpected() * HOLDOUT_DECAY + probability);
        model.setHoldoutDeployed(model.getHoldoutDeployed() * HOLDOUT_DECAY + (deployed ? 1 : 0));
    }

    /**
     * Deployments the skip region really holds per deployment the model expects there, from the holdouts (1 until
     * they say otherwise): the threshold's budget is divided by it.
     */
    public static double missRatio(ModelState model) {
        return Math.max(0.25, (model.getHoldoutDeployed() + HOLDOUT_PRIOR) / (model.getHoldoutExpected() + HOLDOUT_PRIOR));
    }

    /**
     * The misses below a threshold are a sum of chances, not a certainty: the budget must hold at this many standard
     * deviations above their expected count (one: about five rings in six), not just on average.
     */
    static final double BUDGET_SIGMAS = 1.0;

    static double threshold(List<Float> scores, List<Float> probabilities, List<Integer> outcomes, double maxMissed) {
        // Sorted by score, ties in ring order: each key is the score's bits made to order as the float does, then
        // the ring index, so one primitive sort does it.
        long[] order = new long[scores.size()];
        double deployments = 0;
        for (int i = 0; i < order.length; i++) {
            int bits = Float.floatToIntBits(scores.get(i));
            bits ^= (bits >> 31) & 0x7fffffff;
            order[i] = ((long) bits << 32) | i;
            deployments += outcomes.get(i) < 0 ? probabilities.get(i) : outcomes.get(i);
        }
        java.util.Arrays.sort(order);
        double missed = 0;
        double variance = 0;
        for (long key : order) {
            int i = (int) key;
            double p = probabilities.get(i);
            double spread = BUDGET_SIGMAS * Math.sqrt(variance + p * (1 - p));
            if (scores.get(i) >= 1 || missed + p + spread > maxMissed * deployments) {
                return scores.get(i); // everything strictly below this score is within the budget
            }
            missed += p;
            variance += p * (1 - p);
        }
        return 1;
    }

    public static double weightsSeen(ModelState model, int point) {
        return model.getSeen().get(point);
    }

    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
    }

    private static List<Double> zeros(int n) {
        List<Double> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(0.0);
        }
        return list;
    }
}
