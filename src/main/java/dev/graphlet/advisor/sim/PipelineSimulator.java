package dev.graphlet.advisor.sim;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated TFX pipeline: plans its runs one after another from its own random stream and a latent model-quality
 * process. A new model is blessed when it beats the deployed model, which ages as its data does; what pulls a model
 * below that bar is mostly data drift (its statistics and anomalies hint at it) and workflow-structure or schema
 * changes (visible as a different component set or schema fingerprint), less code or hyperparameter changes, and
 * noise. The Trainer's intermediate metrics follow the model's final quality, with noise that shrinks as training
 * goes on.
 */
final class PipelineSimulator {

    static final long MINUTE = 60_000L;

    /** Shares of a full run's cost by component (the Trainer of a DNN costs 2.5 times its share). */
    static final Map<String, Double> COST_SHARES = Map.of(
            "ExampleGen", 0.08, "StatisticsGen", 0.05, "SchemaGen", 0.01, "ExampleValidator", 0.01,
            "Transform", 0.12, "Tuner", 0.10, "Trainer", 0.45, "Evaluator", 0.10, "InfraValidator", 0.06,
            "Pusher", 0.02);
    static final double DNN_TRAINER_FACTOR = 2.5;

    private final String pipelineId;
    private final PipelineProfile profile;
    private final SimulationSettings settings;
    private final SplittableRandom random;

    private boolean tuner;
    private boolean infraValidator;
    private int runIndex;
    private long nextStart;
    private int span;
    private int codeVersion;
    private int hpVersion;
    private int schemaVersion;
    private int structureVersion;
    private double codeShift;
    private int driftRuns;
    private double driftMagnitude;
    private int brokenRuns;
    private double brokenMagnitude;
    private String lastInputs;
    private double lastQuality;
    private final List<String> spanArtifacts = new ArrayList<>();

    private boolean hasDeployed;
    private double deployedQuality;
    private long deployedAt;
    private String deployedModel;
    private String deployedInputs;

    PipelineSimulator(String pipelineId, PipelineProfile profile, SimulationSettings settings, SplittableRandom random) {
        this.pipelineId = pipelineId;
        this.profile = profile;
        this.settings = settings;
        this.random = random;
        this.tuner = profile.tuner();
        this.infraValidator = profile.infraValidator();
        this.nextStart = settings.startMillis() + (long) (random.nextDouble() * profile.cadenceMillis());
    }

    String pipelineId() {
        return pipelineId;
    }

    PipelineProfile profile() {
        return profile;
    }

    /** Start of the next run, or Long.MAX_VALUE when the simulation has ended for this pipeline. */
    long nextStart() {
        return nextStart < settings.endMillis() ? nextStart : Long.MAX_VALUE;
    }

    boolean hasDeployed() {
        return hasDeployed;
    }

    /** The run's Pusher wrote pushed = 1: its model is now the deployed one. */
    void pushed(PlannedRun run, long time) {
        hasDeployed = true;
        deployedQuality = run.quality();
        deployedAt = time;
        deployedModel = run.modelArtifact();
        deployedInputs = inputsKey();
    }

    private String inputsKey() {
        return span + "/" + codeVersion + "/" + hpVersion + "/" + schemaVersion + "/" + structureVersion;
    }

    PlannedRun planNext() {
        long start = nextStart;
        nextStart = start + Math.max(MINUTE, (long) (profile.cadenceMillis() * (1 + random.nextGaussian() * 0.05)));
        int index = runIndex++;
        String runId = pipelineId + "-r" + index;

        // What changed since the previous run.
        boolean newData = index == 0 || random.nextDouble() >= profile.staleRate();
        boolean codeChange = index > 0 && random.nextDouble() < 0.04;
        boolean hpChange = index > 0 && random.nextDouble() < 0.04;
        boolean structureChange = index > 0 && random.nextDouble() < 0.015;
        boolean schemaChange = index > 0 && (random.nextDouble() < 0.01 || (structureChange && random.nextDouble() < 0.5));
        if (newData) {
            span++;
        }
        if (codeChange) {
            codeVersion++;
            codeShift += random.nextGaussian() * 0.006;
        }
        if (hpChange) {
            hpVersion++;
            codeShift += random.nextGaussian() * 0.005;
        }
        if (structureChange) {
            structureVersion++;
            if (random.nextBoolean()) {
                tuner = !tuner;
            } else {
                infraValidator = !infraValidator;
            }
            brokenRuns = 1 + geometric(2.5);
            brokenMagnitude = Math.max(brokenMagnitude, exponential(0.045));
        }
        if (schemaChange) {
            schemaVersion++;
            brokenRuns = Math.max(brokenRuns, 1);
            brokenMagnitude = Math.max(brokenMagnitude, exponential(0.02));
        }
        if (newData && driftRuns == 0 && random.nextDouble() < 0.07 * settings.drift()) {
            driftRuns = 1 + geometric(2.0);
            driftMagnitude = exponential(0.05);
        }
        double drift = newData && driftRuns > 0 ? driftMagnitude : 0;
        if (newData && driftRuns > 0) {
            driftRuns--;
        }
        boolean broken = brokenRuns > 0;
        double penalty = broken ? brokenMagnitude : 0;
        if (broken) {
            brokenRuns--;
            if (brokenRuns == 0) {
                brokenMagnitude = 0;
            }
        }
        String inputs = inputsKey();
        boolean identical = index > 0 && inputs.equals(lastInputs);
        lastInputs = inputs;

        // Drawn in the order the simulator always has, so its runs do not move by a rounding.
        double quality = identical ? lastQuality
                : profile.skill() + codeShift + random.nextGaussian() * PipelineProfile.QUALITY_NOISE - drift - penalty;
        // What the information bound may know: the quality's mean and spread (none for a repeat) and the bar.
        double mean = identical ? lastQuality : profile.skill() + codeShift - drift - penalty;
        double sd = identical ? 0 : PipelineProfile.QUALITY_NOISE;
        lastQuality = quality;
        boolean blessed;
        double bar;
        // The served model's quality at the run's start, aged as its data is (NaN before the pipeline's first push).
        double serving = hasDeployed ? deployedQuality - profile.staleness() * (start - deployedAt) / 86_400_000.0 : Double.NaN;
        if (!hasDeployed) {
            blessed = true; // the first model has no baseline: rubber-stamped
            bar = Double.NEGATIVE_INFINITY;
        } else if (identical && inputs.equals(deployedInputs)) {
            blessed = false; // the deployed model again
            bar = Double.POSITIVE_INFINITY;
        } else {
            blessed = quality - serving > profile.margin();
            bar = serving + profile.margin();
        }
        PlannedRun.Latent latent = new PlannedRun.Latent(mean, sd, bar, profile.rampGain());
        boolean cached = identical && profile.caching();
        return new RunBuilder(runId, index, start, quality, blessed, cached, identical, drift, broken, newData, latent, serving).build();
    }

    private int geometric(double mean) {
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    /** Lays out one run's executions and events. */
    private final class RunBuilder {
        private final String runId;
        private final int index;
        private final long start;
        private final double quality;
        private final boolean blessed;
        private final boolean cached;
        private final boolean identical;
        private final double drift;
        private final boolean broken;
        private final boolean newData;
        private final PlannedRun.Latent latent;
        private final double serving;
        private final List<ExecutionEvent> events = new ArrayList<>();
        private long clock;
        private long costMilli;
        private boolean failed;
        private boolean deploys;
        private boolean infraBlessed = true; // until an InfraValidator says otherwise
        private int sequence;

        RunBuilder(String runId, int index, long start, double quality, boolean blessed, boolean cached,
                   boolean identical, double drift, boolean broken, boolean newData, PlannedRun.Latent latent,
                   double serving) {
            this.runId = runId;
            this.index = index;
            this.start = start;
            this.quality = quality;
            this.blessed = blessed;
            this.cached = cached;
            this.identical = identical;
            this.drift = drift;
            this.broken = broken;
            this.newData = newData;
            this.latent = latent;
            this.serving = serving;
        }

        PlannedRun build() {
            clock = start;
            List<String> components = components();
            double failWeights = 0;
            for (String c : components) {
                failWeights += failWeight(c);
            }
            boolean runFails = !cached && random.nextDouble() < profile.failureRate();
            double failPoint = random.nextDouble() * failWeights;

            String examples = runId + "-examples";
            if (newData || spanArtifacts.isEmpty()) {
                spanArtifacts.add(examples);
                if (spanArtifacts.size() > profile.window()) {
                    spanArtifacts.remove(0);
                }
            }
            String model = runId + "-model";
            double acc = 0;
            for (String component : components) {
                acc += failWeight(component);
                boolean fails = runFails && acc >= failPoint;
                execution(component, fails, examples, model);
                if (fails) {
                    failed = true;
                    break;
                }
            }
            return new PlannedRun(pipelineId, runId, index, start, List.copyOf(events), deploys, quality, cached,
                    identical, failed, drift, broken, costMilli, model, latent, serving);
        }

        private List<String> components() {
            List<String> list = new ArrayList<>(List.of("ExampleGen", "StatisticsGen", "SchemaGen", "ExampleValidator", "Transform"));
            if (tuner) {
                list.add("Tuner");
            }
            list.add("Trainer");
            list.add("Evaluator");
            if (infraValidator) {
                list.add("InfraValidator");
            }
            list.add("Pusher");
            return list;
        }

        private double failWeight(String component) {
            return component.equals("Trainer") ? (profile.dnn() ? 5 : 3) : 1;
        }

        private double cost(String component) {
            double share = COST_SHARES.get(component);
            if (component.equals("Trainer") && profile.dnn()) {
                share *= DNN_TRAINER_FACTOR;
            }
            return profile.costScale() * share * Math.exp(random.nextGaussian() * 0.15);
        }

        private void execution(String component, boolean fails, String examples, String model) {
            String executionId = runId + "-" + component;
            double cost = cost(component);
            long duration = Math.max(MINUTE, (long) (cost * profile.minutesPerUnit() * MINUTE));
            Map<String, String> properties = new HashMap<>();
            List<ArtifactRef> inputs = new ArrayList<>();
            List<ArtifactRef> outputs = new ArrayList<>();
            switch (component) {
                case "ExampleGen" -> outputs.add(artifact(examples, "Examples", "examples", (long) span, "ex-" + pipelineId + "-" + span,
                        Map.of("split_names", "[\"train\",\"eval\"]")));
                case "StatisticsGen" -> {
                    inputs.add(ref(examples, "Examples", "examples"));
                    outputs.add(artifact(runId + "-stats", "ExampleStatistics", "statistics", null, null,
                            Map.of("drift", fmt(drift + Math.abs(random.nextGaussian() * 0.015)))));
                }
                case "SchemaGen" -> {
                    inputs.add(ref(runId + "-stats", "ExampleStatistics", "statistics"));
                    outputs.add(artifact(runId + "-schema", "Schema", "schema", null, "schema-v" + schemaVersion, Map.of()));
                }
                case "ExampleValidator" -> {
                    inputs.add(ref(runId + "-stats", "ExampleStatistics", "statistics"));
                    inputs.add(ref(runId + "-schema", "Schema", "schema"));
                    outputs.add(artifact(runId + "-anomalies", "ExampleAnomalies", "anomalies", null, null,
                            Map.of("anomaly_count", Integer.toString(poisson(0.2 + drift * 60)))));
                }
                case "Transform" -> {
                    for (String window : spanArtifacts) {
                        inputs.add(ref(window, "Examples", "examples"));
                    }
                    inputs.add(ref(runId + "-schema", "Schema", "schema"));
                    outputs.add(ref(runId + "-transform-graph", "TransformGraph", "transform_graph"));
                    outputs.add(ref(runId + "-transformed", "Examples", "transformed_examples"));
                }
                case "Tuner" -> {
                    inputs.add(ref(runId + "-transformed", "Examples", "examples"));
                    outputs.add(artifact(runId + "-hparams", "HyperParameters", "best_hyperparameters", null, "hp-v" + hpVersion, Map.of()));
                }
                case "Trainer" -> {
                    inputs.add(ref(runId + "-transformed", "Examples", "examples"));
                    inputs.add(ref(runId + "-transform-graph", "TransformGraph", "transform_graph"));
                    if (tuner) {
                        inputs.add(ref(runId + "-hparams", "HyperParameters", "hyperparameters"));
                    }
                    properties.put("module_fingerprint", "code-v" + codeVersion);
                    properties.put("hparams_fingerprint", "hp-v" + hpVersion);
                    properties.put("model_family", profile.dnn() ? "dnn" : "gbdt");
                    outputs.add(ref(model, "Model", "model"));
                }
                case "Evaluator" -> {
                    inputs.add(ref(model, "Model", "model"));
                    if (deployedModel != null) {
                        inputs.add(ref(deployedModel, "Model", "baseline_model"));
                    }
                    outputs.add(artifact(runId + "-evaluation", "ModelEvaluation", "evaluation", null, null, Map.of(settings.metric().key(), fmt(settings.metric().report(quality)))));
                    outputs.add(artifact(runId + "-blessing", "ModelBlessing", "blessing", null, null, Map.of("blessed", blessed ? "1" : "0")));
                }
                case "InfraValidator" -> {
                    inputs.add(ref(model, "Model", "model"));
                    infraBlessed = random.nextDouble() >= 0.01;
                    outputs.add(artifact(runId + "-infra-blessing", "InfraBlessing", "blessing", null, null,
                            Map.of("blessed", infraBlessed ? "1" : "0")));
                }
                case "Pusher" -> {
                    inputs.add(ref(model, "Model", "model"));
                    inputs.add(ref(runId + "-blessing", "ModelBlessing", "model_blessing"));
                    if (infraValidator) {
                        inputs.add(ref(runId + "-infra-blessing", "InfraBlessing", "infra_blessing"));
                    }
                }
                default -> throw new IllegalStateException(component);
            }
            ExecutionState terminal = fails ? ExecutionState.FAILED : cached ? ExecutionState.CACHED : ExecutionState.COMPLETE;
            if (component.equals("Pusher") && !fails) {
                boolean push = blessed && infraBlessed && !cached;
                if (!push && profile.conditionalPusher()) {
                    terminal = ExecutionState.CANCELED;
                } else {
                    outputs.add(artifact(runId + "-pushed", "PushedModel", "pushed_model", null, null, Map.of("pushed", push ? "1" : "0")));
                    deploys = push;
                }
            }
            long finalCost = terminal == ExecutionState.CACHED || terminal == ExecutionState.CANCELED ? 0
                    : fails ? Math.round(cost * 1000 * (0.2 + 0.8 * random.nextDouble())) : Math.round(cost * 1000);
            long finalDuration = terminal == ExecutionState.CACHED || terminal == ExecutionState.CANCELED ? MINUTE
                    : fails ? Math.max(MINUTE, duration * finalCost / Math.max(1, Math.round(cost * 1000))) : duration;
            long begin = clock + MINUTE;
            event(executionId, component, ExecutionState.RUNNING, begin, inputs, List.of(), properties, 0, Map.of());
            if (component.equals("Trainer") && terminal != ExecutionState.CACHED) {
                for (int k = 1; k <= PlannedRun.TRAINER_PROGRESS_EVENTS; k++) {
                    double progress = k / (PlannedRun.TRAINER_PROGRESS_EVENTS + 1.0);
                    if (fails && progress * cost * 1000 >= finalCost) {
                        break;
                    }
                    double auc = quality - profile.rampGain() * (1 - progress) + random.nextGaussian() * PlannedRun.CURVE_NOISE / Math.sqrt(k);
                    Map<String, Double> metrics = new HashMap<>();
                    metrics.put("step", (double) Math.round(progress * profile.totalSteps()));
                    double noisyLoss = 1 - auc + random.nextGaussian() * 0.01;
                    if (settings.metric() == FleetMetric.AUC) {
                        metrics.put("auc", round(auc));
                        metrics.put("loss", round(noisyLoss));
                    } else { // the same draws, so the same fleet
                        metrics.put(settings.metric().key(), round(settings.metric().report(auc)));
                    }
                    event(executionId, component, ExecutionState.RUNNING, begin + (long) (progress * finalDuration), inputs, List.of(),
                            properties, Math.round(progress * cost * 1000), metrics);
                }
            }
            event(executionId, component, terminal, begin + finalDuration, inputs, fails ? List.of() : outputs, properties, finalCost, Map.of());
            costMilli += finalCost;
            clock = begin + finalDuration;
        }

        private void event(String executionId, String component, ExecutionState state, long time, List<ArtifactRef> inputs,
                           List<ArtifactRef> outputs, Map<String, String> properties, long costMilli, Map<String, Double> metrics) {
            events.add(ExecutionEvent.newBuilder()
                    .setEventId(runId + "-e" + (sequence++))
                    .setEventTime(Instant.ofEpochMilli(time))
                    .setPipelineId(pipelineId)
                    .setRunId(runId)
                    .setExecutionId(executionId)
                    .setComponentId(component)
                    .setComponentType(component)
                    .setState(state)
                    .setInputs(inputs)
                    .setOutputs(outputs)
                    .setProperties(properties)
                    .setCost(costMilli / 1000.0)
                    .setMetrics(metrics)
                    .build());
        }

        private int poisson(double mean) {
            double l = Math.exp(-mean);
            int k = 0;
            double p = random.nextDouble();
            while (p > l && k < 1000) {
                k++;
                p *= random.nextDouble();
            }
            return k;
        }
    }

    private static ArtifactRef ref(String id, String type, String role) {
        return artifact(id, type, role, null, null, Map.of());
    }

    private static ArtifactRef artifact(String id, String type, String role, Long span, String fingerprint, Map<String, String> properties) {
        return ArtifactRef.newBuilder().setArtifactId(id).setType(type).setRole(role).setSpan(span).setVersion(span == null ? null : 0L)
                .setFingerprint(fingerprint).setProperties(new HashMap<>(properties)).build();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
