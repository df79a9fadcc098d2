package dev.graphlet.advisor.scoring;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.serde.TrustedClasses;
import dev.graphlet.advisor.state.RunFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * Folds a run's events into the few facts scoring reads (span, fingerprints, components before the Trainer, drift,
 * anomalies, the training curve, the evaluation). Pure; the same fold serves the topology and the evaluation.
 */
public final class RunFactsFold {

    /** At most this many training-curve points are kept per run (the latest win). */
    static final int MAX_CURVE_POINTS = 8;

    static {
        TrustedClasses.trustAdvisorPackages(); // copies of the state records instantiate them through Avro
    }

    private RunFactsFold() {
    }

    public static RunFacts empty() {
        return RunFacts.newBuilder().setCurveSteps(new ArrayList<>()).setCurveValues(new ArrayList<>())
                .setScored(new ArrayList<>()).build();
    }

    /** A copy without the per-decision-point scores: what a pipeline's history keeps of a run. */
    public static RunFacts summary(RunFacts run) {
        // The per-point scores and the curve are left out of the deep copy rather than copied and dropped.
        var scored = run.getScored();
        var steps = run.getCurveSteps();
        var values = run.getCurveValues();
        run.setScored(new ArrayList<>());
        run.setCurveSteps(new ArrayList<>());
        run.setCurveValues(new ArrayList<>());
        try {
            return RunFacts.newBuilder(run).build();
        } finally {
            run.setScored(scored);
            run.setCurveSteps(steps);
            run.setCurveValues(values);
        }
    }

    public static void fold(RunFacts run, ExecutionEvent event, String curveMetric) {
        String component = event.getComponentType();
        ExecutionState state = event.getState();
        if (state == ExecutionState.FAILED) {
            run.setFailed(true);
        }
        if (GraphletStates.TRAINER.equals(component)) {
            run.setTrainerSeen(true);
            Map<String, String> properties = event.getProperties();
            run.setModuleFingerprint(properties.getOrDefault("module_fingerprint", run.getModuleFingerprint()));
            run.setHparamsFingerprint(properties.getOrDefault("hparams_fingerprint", run.getHparamsFingerprint()));
            Double step = event.getMetrics().get("step");
            Double value = event.getMetrics().get(curveMetric);
            if (step != null && value != null && Double.isFinite(value)) {
                addCurvePoint(run, step, value);
            }
        } else if (!run.getTrainerSeen()) {
            run.setPreTrainComponents(withToken(run.getPreTrainComponents(), component));
        }
        for (ArtifactRef artifact : event.getOutputs()) {
            output(run, artifact, curveMetric);
        }
        for (ArtifactRef artifact : event.getInputs()) {
            if ("Examples".equals(artifact.getType()) && artifact.getSpan() != null) {
                run.setSpan(Math.max(run.getSpan(), artifact.getSpan()));
            }
        }
    }

    private static void output(RunFacts run, ArtifactRef artifact, String curveMetric) {
        String type = artifact.getType();
        Map<String, String> properties = artifact.getProperties();
        if ("Examples".equals(type) && artifact.getSpan() != null) {
            run.setSpan(Math.max(run.getSpan(), artifact.getSpan()));
        }
        if ("Schema".equals(type) && artifact.getFingerprint() != null) {
            run.setSchemaFingerprint(artifact.getFingerprint());
        } else if (artifact.getFingerprint() != null && !"HyperParameters".equals(type)) {
            run.setDataFingerprints(withToken(run.getDataFingerprints(), type + ":" + artifact.getFingerprint()));
        }
        String drift = properties.get("drift");
        if (drift != null) {
            double value = parse(drift);
            if (Double.isFinite(value)) {
                run.setDrift(Math.max(run.getDrift(), value));
            }
        }
        String anomalies = properties.get("anomaly_count");
        if (anomalies != null) {
            double value = parse(anomalies);
            if (Double.isFinite(value) && value >= 0) {
                run.setAnomalies(Math.max(0, run.getAnomalies()) + (int) Math.min(value, 1_000_000));
            }
        }
        if ("ModelBlessing".equals(type) && properties.get("blessed") != null) {
            double value = parse(properties.get("blessed"));
            if (Double.isFinite(value)) {
                int blessed = value > 0 ? 1 : 0;
                run.setBlessed(run.getBlessed() < 0 ? blessed : Math.min(run.getBlessed(), blessed));
            }
        }
        double evaluation = evaluation(artifact, curveMetric);
        if (Double.isFinite(evaluation)) {
            run.setEvaluation(evaluation);
        }
    }

    /**
     * The artifact's evaluation in {@code metric}: a ModelEvaluation's property of that name, else NaN (none, or not a
     * number).
     */
    static double evaluation(ArtifactRef artifact, String metric) {
        String value = "ModelEvaluation".equals(artifact.getType()) ? artifact.getProperties().get(metric) : null;
        return value == null ? Double.NaN : parse(value);
    }

    private static void addCurvePoint(RunFacts run, double step, double value) {
        var steps = run.getCurveSteps();
        var values = run.getCurveValues();
        int at = steps.indexOf(step);
        if (at >= 0) {
            values.set(at, value);
            return;
        }
        if (steps.size() >= MAX_CURVE_POINTS) {
            steps.remove(0);
            values.remove(0);
        }
        steps.add(step);
        values.add(value);
    }

    /**
     * What determines the model a run trains: its data, schema, components before the Trainer, code and
     * hyperparameters. Two runs with the same key train the same model (the TFX-cache case).
     */
    public static String modelKey(RunFacts run) {
        return run.getDataFingerprints() + "|" + run.getSchemaFingerprint() + "|" + run.getPreTrainComponents() + "|"
                + run.getModuleFingerprint() + "|" + run.getHparamsFingerprint();
    }

    /** A sorted, comma-joined set with one more token (the same string when it is there already). */
    static String withToken(String joined, String token) {
        if (token.indexOf(',') < 0 && containsToken(joined, token)) {
            return joined; // most events repeat what the run has shown: no split, no join
        }
        TreeSet<String> set = split(joined);
        return set.add(token) ? String.join(",", set) : joined;
    }

    private static boolean containsToken(String joined, String token) {
        for (int at = joined.indexOf(token); at >= 0; at = joined.indexOf(token, at + 1)) {
            int end = at + token.length();
            if ((at == 0 || joined.charAt(at - 1) == ',') && (end == joined.length() || joined.charAt(end) == ',')) {
                return true;
            }
        }
        return false;
    }

    static TreeSet<String> split(String joined) {
        TreeSet<String> set = new TreeSet<>();
        if (!joined.isEmpty()) {
            set.addAll(Arrays.asList(joined.split(",")));
        }
        return set;
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
