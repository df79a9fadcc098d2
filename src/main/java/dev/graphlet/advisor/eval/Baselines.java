package dev.graphlet.advisor.eval;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.scoring.Metric;
import dev.graphlet.advisor.scoring.ScoringSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/** The rules users could pick instead of the advisor, built only from the events they are shown. */
public final class Baselines {

    private Baselines() {
    }

    /** Every policy of the comparison: each family at the parameters that trace its curve. */
    public static List<SkipPolicy> all(GroundTruth wouldNotDeploy) {
        return factories().stream().map(f -> f.apply(wouldNotDeploy)).toList();
    }

    /**
     * One factory per policy of {@link #all}, in the same order, each building its policy alone (given the ground
     * truth the bound reads): what a closed loop needs, one fleet per policy.
     */
    public static List<Function<GroundTruth, SkipPolicy>> factories() {
        return factories(Metric.AUC);
    }

    /** {@link #factories()} for runs judged by {@code metric} (the median stopping rule reads its curve). */
    public static List<Function<GroundTruth, SkipPolicy>> factories(Metric metric) {
        List<Function<GroundTruth, SkipPolicy>> factories = new ArrayList<>();
        factories.add(truth -> new NeverSkip());
        factories.add(truth -> new TfxCache());
        for (double threshold : new double[] {0.2, 0.3, 0.4, 0.5, 0.6}) {
            factories.add(truth -> new PushRate(threshold));
        }
        for (double margin : new double[] {0.06, 0.04, 0.02, 0.01, 0.0}) {
            factories.add(truth -> new MedianStopping(margin, metric));
        }
        factories.add(PerfectForesight::new);
        return factories;
    }

    /** Lets every run finish: the reference every other policy is measured against. */
    public static final class NeverSkip extends NamedPolicy {
        public NeverSkip() {
            super("never-skip");
        }

        @Override
        public boolean skip(DecisionPoint point, ExecutionEvent event) {
            return false;
        }
    }

    /**
     * Skips every non-deploying run at its start: the bound no policy can beat. It reads ground truth (whether the run
     * would deploy if it ran), which is why it is only a bound. Held to the advisor's guards, it skips every
     * non-deploying run at the first decision point where they let any SKIP through (and never one they withhold
     * throughout): the most any policy held to those guards could avoid, however well it predicted.
     */
    public static final class PerfectForesight extends NamedPolicy {
        public static final String NAME = "perfect-foresight";
        /** Perfect foresight held to the advisor's guards. */
        public static final String GUARDED = "perfect-foresight-guarded";
        private final Predicate<String> wouldNotDeploy;
        private final AdvisorGuards guards;

        public PerfectForesight(Predicate<String> wouldNotDeploy) {
            super(NAME);
            this.wouldNotDeploy = wouldNotDeploy;
            this.guards = null;
        }

        /** @param guards the advisor's settings whose pipeline guards hold (see {@link AdvisorGuards}) */
        public PerfectForesight(Predicate<String> wouldNotDeploy, ScoringSettings guards) {
            super(GUARDED);
            this.wouldNotDeploy = wouldNotDeploy;
            this.guards = new AdvisorGuards(guards);
        }

        @Override
        public boolean oracle() {
            return true;
        }

        @Override
        public void observe(ExecutionEvent event) {
            if (guards != null && isLast(event)) {
                guards.observeLast(event);
            }
        }

        @Override
        public boolean skip(DecisionPoint point, ExecutionEvent event) {
            if (guards == null) {
                return point == DecisionPoint.RUN_START && wouldNotDeploy.test(event.getRunId());
            }
            return !guards.hold(point, event) && wouldNotDeploy.test(event.getRunId());
        }
    }

    /**
     * TFX's own pruning, as a rule: before training, skip a run whose inputs (data fingerprints, schema), code,
     * hyperparameters and component set are identical to an earlier run of the same pipeline.
     */
    public static final class TfxCache extends NamedPolicy {
        private final Map<String, Set<String>> seenKeys = new HashMap<>();
        private final Map<String, TreeSet<String>> runParts = new HashMap<>();

        public TfxCache() {
            super("tfx-cache");
        }

        @Override
        public void observe(ExecutionEvent event) {
            TreeSet<String> parts = runParts.computeIfAbsent(event.getRunId(), k -> new TreeSet<>());
            parts.add("component:" + event.getComponentType());
            for (ArtifactRef output : event.getOutputs()) {
                if (output.getFingerprint() != null && !"HyperParameters".equals(output.getType())) {
                    parts.add(output.getType() + ":" + output.getFingerprint());
                }
            }
            if (event.getComponentType().equals("Trainer")) {
                event.getProperties().forEach((k, v) -> {
                    if (k.endsWith("fingerprint")) {
                        parts.add(k + ":" + v);
                    }
                });
            }
            if (isLast(event)) {
                runParts.remove(event.getRunId());
            }
        }

        @Override
        public boolean skip(DecisionPoint point, ExecutionEvent event) {
            if (point != DecisionPoint.PRE_TRAIN) {
                return false;
            }
            String key = String.join("|", runParts.getOrDefault(event.getRunId(), new TreeSet<>()));
            return !seenKeys.computeIfAbsent(event.getPipelineId(), k -> new HashSet<>()).add(key);
        }
    }

    /**
     * Skips a run at its start when its pipeline rarely deploys: the posterior mean of a Beta(1, 1) prior updated with
     * the pipeline's observed run outcomes is below the threshold. Only once the pipeline has a deployed model.
     */
    public static final class PushRate extends NamedPolicy {
        private final double threshold;
        private final Map<String, double[]> outcomes = new HashMap<>();

        public PushRate(double threshold) {
            super(String.format(Locale.ROOT, "push-rate<%.2f", threshold), "push-rate", threshold);
            this.threshold = threshold;
        }

        @Override
        public void observe(ExecutionEvent event) {
            observe(event, 1.0);
        }

        @Override
        public void observe(ExecutionEvent event, double weight) {
            if (!isLast(event) || event.getState() == ExecutionState.CANCELED) {
                return; // a cancelled run's outcome is unknown: it teaches nothing
            }
            double[] counts = outcomes.computeIfAbsent(event.getPipelineId(), k -> new double[2]);
            counts[GraphletStates.pushes(event) ? 0 : 1] += weight;
        }

        @Override
        public boolean skip(DecisionPoint point, ExecutionEvent event) {
            if (point != DecisionPoint.RUN_START) {
                return false;
            }
            double[] counts = outcomes.get(event.getPipelineId());
            if (counts == null || counts[0] == 0) {
                return false;
            }
            double mean = (counts[0] + 1.0) / (counts[0] + counts[1] + 2.0);
            return mean < threshold;
        }
    }

    /**
     * The median stopping rule (Vizier; Optuna's MedianPruner): in training, skip a run whose reported metric is
     * worse than the median of the same pipeline's earlier runs at the same step by more than a margin. Needs at least
     * five earlier runs that reported that step.
     */
    public static final class MedianStopping extends NamedPolicy {
        private static final int MIN_PEERS = 5;
        private static final int HISTORY = 30;
        private final double margin;
        private final Metric metric;
        private final Map<String, Map<Double, List<Double>>> history = new HashMap<>();

        public MedianStopping(double margin) {
            this(margin, Metric.AUC);
        }

        /** @param margin how far worse than the median a run may be, in AUC units (times the metric's unit over 0.01) */
        public MedianStopping(double margin, Metric metric) {
            super(String.format(Locale.ROOT, "median-stopping-%.2f", margin), "median-stopping", margin);
            this.margin = margin * metric.scale();
            this.metric = metric;
        }

        @Override
        public boolean skip(DecisionPoint point, ExecutionEvent event) {
            if (point != DecisionPoint.IN_TRAINING) {
                return false;
            }
            Double step = event.getMetrics().get("step");
            Double value = event.getMetrics().get(metric.name());
            if (step == null || value == null) {
                return false;
            }
            List<Double> peers = history.computeIfAbsent(event.getPipelineId(), k -> new HashMap<>())
                    .computeIfAbsent(step, k -> new ArrayList<>());
            boolean skip = false;
            if (peers.size() >= MIN_PEERS) {
                List<Double> sorted = new ArrayList<>(peers);
                sorted.sort(metric.higherIsBetter() ? Comparator.naturalOrder() : Comparator.reverseOrder()); // worst first
                double median = sorted.get(sorted.size() / 2); // of an even count, the better of the middle two
                skip = metric.higherIsBetter() ? value < median - margin : value > median + margin;
            }
            peers.add(value);
            if (peers.size() > HISTORY) {
                peers.remove(0);
            }
            return skip;
        }
    }

    /** The run's last event: its Pusher's terminal event, or a FAILED or CANCELED execution. */
    static boolean isLast(ExecutionEvent event) {
        ExecutionState state = event.getState();
        return state == ExecutionState.FAILED || state == ExecutionState.CANCELED
                || (event.getComponentType().equals("Pusher") && state != ExecutionState.RUNNING && state != ExecutionState.NEW);
    }
}
