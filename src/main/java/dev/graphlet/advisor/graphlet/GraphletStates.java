package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.state.ExecutionSummary;
import dev.graphlet.advisor.state.GraphletState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure functions over graphlet state: folding an event into an execution's summary, merging summaries, and
 * reading costs, terminal time and lineage facts off a graphlet. Every fold is commutative, idempotent and
 * associative (maxima, minima, unions, ranked states), which is what makes the outcome independent of the
 * order events arrive in, and duplicates harmless.
 */
public final class GraphletStates {

    public static final String TRAINER = "Trainer";
    public static final String PUSHER = "Pusher";

    private GraphletStates() {
    }

    public static GraphletState copy(GraphletState graphlet) {
        return GraphletState.newBuilder(graphlet).build();
    }

    public static Optional<ExecutionSummary> execution(GraphletState graphlet, String executionId) {
        for (ExecutionSummary execution : graphlet.getExecutions()) { // on every event: a loop, not a stream
            if (execution.getExecutionId().equals(executionId)) {
                return Optional.of(execution);
            }
        }
        return Optional.empty();
    }

    /** Folds one event into the graphlet's summary of its execution (adding the execution when new). */
    public static void fold(GraphletState graphlet, ExecutionEvent event) {
        ExecutionSummary incoming = summaryOf(event);
        Optional<ExecutionSummary> existing = execution(graphlet, event.getExecutionId());
        if (existing.isPresent()) {
            merge(existing.get(), incoming);
        } else {
            graphlet.getExecutions().add(incoming);
            graphlet.getExecutions().sort((a, b) -> a.getExecutionId().compareTo(b.getExecutionId()));
        }
        long time = event.getEventTime().toEpochMilli();
        graphlet.setFirstEventTime(Math.min(graphlet.getFirstEventTime(), time));
        graphlet.setLastEventTime(Math.max(graphlet.getLastEventTime(), time));
    }

    static ExecutionSummary summaryOf(ExecutionEvent event) {
        long time = event.getEventTime().toEpochMilli();
        boolean terminal = ExecutionStates.terminal(event.getState());
        long cost = event.getCost() == null ? 0 : toMilli(event.getCost());
        int blessed = -1;
        int pushed = -1;
        TreeSet<String> outputs = new TreeSet<>();
        for (ArtifactRef output : event.getOutputs()) {
            outputs.add(output.getArtifactId());
            String type = output.getType();
            if ("ModelBlessing".equals(type) || "InfraBlessing".equals(type)) {
                blessed = lowest(blessed, flag(output.getProperties().get("blessed"), 1));
            } else if ("PushedModel".equals(type)) {
                pushed = lowest(pushed, flag(output.getProperties().get("pushed"), 1));
            }
        }
        Double step = event.getMetrics().get("step");
        return ExecutionSummary.newBuilder()
                .setExecutionId(event.getExecutionId())
                .setComponentType(event.getComponentType())
                .setState(event.getState().name())
                .setFirstTime(time)
                .setLastTime(time)
                .setTerminalTime(terminal ? time : -1)
                .setCostSoFarMilli(terminal ? 0 : cost)
                .setFinalCostMilli(terminal && event.getCost() != null ? cost : -1)
                .setBlessed(blessed)
                .setPushed(pushed)
                .setOutputArtifacts(new ArrayList<>(outputs))
                .setStep(step == null || event.getMetrics().isEmpty() ? -1 : step)
                .setMetrics(new HashMap<>(event.getMetrics()))
                .build();
    }

    /** Merges {@code from} into {@code into}: the same result whatever the order of the two. */
    public static void merge(ExecutionSummary into, ExecutionSummary from) {
        ExecutionState state = ExecutionStates.merge(ExecutionState.valueOf(into.getState()), ExecutionState.valueOf(from.getState()));
        into.setState(state.name());
        if (from.getComponentType().compareTo(into.getComponentType()) < 0) {
            into.setComponentType(from.getComponentType());
        }
        into.setFirstTime(Math.min(into.getFirstTime(), from.getFirstTime()));
        into.setLastTime(Math.max(into.getLastTime(), from.getLastTime()));
        into.setTerminalTime(lowestKnown(into.getTerminalTime(), from.getTerminalTime()));
        into.setCostSoFarMilli(Math.max(into.getCostSoFarMilli(), from.getCostSoFarMilli()));
        into.setFinalCostMilli(Math.max(into.getFinalCostMilli(), from.getFinalCostMilli()));
        into.setBlessed(lowest(into.getBlessed(), from.getBlessed()));
        into.setPushed(lowest(into.getPushed(), from.getPushed()));
        TreeSet<String> outputs = new TreeSet<>(into.getOutputArtifacts());
        outputs.addAll(from.getOutputArtifacts());
        into.setOutputArtifacts(new ArrayList<>(outputs));
        if (from.getStep() > into.getStep()) {
            into.setStep(from.getStep());
            into.setMetrics(new HashMap<>(from.getMetrics()));
        } else if (from.getStep() == into.getStep()) {
            Map<String, Double> metrics = new HashMap<>(into.getMetrics());
            from.getMetrics().forEach((k, v) -> metrics.merge(k, v, Math::max));
            into.setMetrics(metrics);
        }
    }

    /** Cost of one execution: CACHED costs nothing; otherwise the final cost, or the largest reported so far. */
    public static long costMilli(ExecutionSummary execution) {
        if (ExecutionState.CACHED.name().equals(execution.getState())) {
            return 0;
        }
        return execution.getFinalCostMilli() >= 0 ? execution.getFinalCostMilli() : execution.getCostSoFarMilli();
    }

    public static long totalCostMilli(GraphletState graphlet) {
        long sum = 0;
        for (ExecutionSummary execution : graphlet.getExecutions()) { // at every decision point: a loop
            sum += costMilli(execution);
        }
        return sum;
    }

    public static Map<String, Long> costByComponentMilli(GraphletState graphlet) {
        Map<String, Long> byComponent = new TreeMap<>();
        graphlet.getExecutions().forEach(e -> byComponent.merge(e.getComponentType(), costMilli(e), Long::sum));
        return byComponent;
    }

    /**
     * When the run ended, if it did: the earliest of the Pusher's terminal event and any FAILED or CANCELED
     * execution.
     */
    public static OptionalLong terminalTime(GraphletState graphlet) {
        long earliest = Long.MAX_VALUE;
        for (ExecutionSummary e : graphlet.getExecutions()) {
            if (e.getTerminalTime() >= 0 && e.getTerminalTime() < earliest && (PUSHER.equals(e.getComponentType())
                    || ExecutionState.FAILED.name().equals(e.getState())
                    || ExecutionState.CANCELED.name().equals(e.getState()))) {
                earliest = e.getTerminalTime();
            }
        }
        return earliest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(earliest);
    }

    public static boolean hasTrainer(GraphletState graphlet) {
        for (ExecutionSummary execution : graphlet.getExecutions()) {
            if (TRAINER.equals(execution.getComponentType())) {
                return true;
            }
        }
        return false;
    }

    /** Milli cost units: costs are summed as integers so that sums do not depend on order. */
    public static long toMilli(double cost) {
        return Math.round(cost * 1000.0);
    }

    public static List<String> outputArtifacts(GraphletState graphlet) {
        TreeSet<String> all = new TreeSet<>();
        graphlet.getExecutions().forEach(e -> all.addAll(e.getOutputArtifacts()));
        return new ArrayList<>(all);
    }

    /**
     * Whether the event is a Pusher completing a push: a PushedModel output whose {@code pushed} flag is 1 (or absent),
     * read as the graphlet's label reads it.
     */
    public static boolean pushes(ExecutionEvent event) {
        return PUSHER.equals(event.getComponentType()) && event.getState() == ExecutionState.COMPLETE
                && event.getOutputs().stream().anyMatch(a -> "PushedModel".equals(a.getType())
                && flag(a.getProperties().get("pushed"), 1) == 1);
    }

    private static int flag(String value, int absent) {
        if (value == null) {
            return absent;
        }
        String v = value.trim();
        return v.equals("0") || v.equalsIgnoreCase("false") ? 0 : 1;
    }

    /** The smaller of two values where a negative one means "not known". */
    private static int lowest(int a, int b) {
        return (int) lowestKnown(a, b);
    }

    private static long lowestKnown(long a, long b) {
        if (a < 0) {
            return b;
        }
        if (b < 0) {
            return a;
        }
        return Math.min(a, b);
    }
}
