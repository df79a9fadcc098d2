package dev.graphlet.advisor.sim;

import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic fleet of simulated TFX pipelines, as one stream of ExecutionEvents in event-time order (ties broken
 * by pipeline, then by the event's place in its pipeline). Runs are planned lazily, so memory holds only the runs in
 * progress. A closed loop may {@link #cancel} a run: its remaining events are dropped, its executions in progress end
 * CANCELED, and since its Pusher never completes, the pipeline keeps its older deployed model.
 */
public final class FleetSimulator {

    private final SimulationSettings settings;
    private final List<PipelineSimulator> pipelines = new ArrayList<>();
    private final Map<String, Integer> indexById = new HashMap<>();
    private final List<PriorityQueue<Pending>> queues = new ArrayList<>();
    private final PriorityQueue<Integer> heads;
    private final Map<String, RunState> runs = new HashMap<>();
    private final Consumer<PlannedRun> onPlanned;
    private long sequence;

    private record Pending(long time, long sequence, ExecutionEvent event, RunState run) {
    }

    private static final class RunState {
        final PlannedRun run;
        final Set<String> open = new HashSet<>();
        final Map<String, Double> costSoFar = new HashMap<>();
        int remaining;
        boolean cancelled;

        RunState(PlannedRun run) {
            this.run = run;
            this.remaining = run.events().size();
        }
    }

    /** @param onPlanned sees every run when it is planned (its ground truth), before its first event */
    public FleetSimulator(SimulationSettings settings, Consumer<PlannedRun> onPlanned) {
        this.settings = settings;
        this.onPlanned = onPlanned;
        SplittableRandom root = new SplittableRandom(settings.seed());
        int digits = Integer.toString(settings.pipelines() - 1).length();
        for (int i = 0; i < settings.pipelines(); i++) {
            SplittableRandom random = root.split();
            String id = String.format("pipeline-%0" + digits + "d", i);
            PipelineProfile profile = PipelineProfile.draw(random, settings);
            pipelines.add(new PipelineSimulator(id, profile, settings, random));
            indexById.put(id, i);
            queues.add(new PriorityQueue<>(Comparator.comparingLong(Pending::time).thenComparingLong(Pending::sequence)));
        }
        heads = new PriorityQueue<>(Comparator.comparingLong(this::headTime).thenComparingInt(i -> i));
        for (int i = 0; i < pipelines.size(); i++) {
            refill(i);
            if (headTime(i) != Long.MAX_VALUE) {
                heads.add(i);
            }
        }
    }

    public SimulationSettings settings() {
        return settings;
    }

    public boolean hasNext() {
        return !heads.isEmpty();
    }

    /** Event time of the next event, or Long.MAX_VALUE at the end (a paced replay waits for it). */
    public long nextTime() {
        Integer index = heads.peek();
        return index == null ? Long.MAX_VALUE : headTime(index);
    }

    /** The next event in event time. A Pusher's push takes effect as its terminal event is returned. */
    public ExecutionEvent next() {
        Integer index = heads.poll();
        if (index == null) {
            throw new NoSuchElementException("the simulation has ended");
        }
        Pending pending = queues.get(index).poll();
        RunState state = pending.run();
        ExecutionEvent event = pending.event();
        track(state, event);
        if (event.getComponentType().equals("Pusher") && event.getState() == ExecutionState.COMPLETE && state.run.deploys()) {
            pipelines.get(index).pushed(state.run, event.getEventTime().toEpochMilli());
        }
        refill(index);
        if (headTime(index) != Long.MAX_VALUE) {
            heads.add(index);
        }
        return event;
    }

    /**
     * Cancels a run at {@code time} (an orchestrator acting on a SKIP): returns false when the run is unknown or
     * already over. Its executions in progress report CANCELED at that time, with the cost they had reported.
     */
    public boolean cancel(String runId, long time) {
        RunState state = runs.get(runId);
        if (state == null || state.cancelled || state.remaining == 0) {
            return false;
        }
        state.cancelled = true;
        int index = indexById.get(state.run.pipelineId());
        heads.remove(index);
        PriorityQueue<Pending> queue = queues.get(index);
        queue.removeIf(p -> p.run() == state);
        int n = 0;
        for (String executionId : state.open.stream().sorted().toList()) {
            ExecutionEvent last = state.run.events().stream().filter(e -> e.getExecutionId().equals(executionId)).findFirst().orElseThrow();
            ExecutionEvent cancelled = ExecutionEvent.newBuilder(last)
                    .setEventId(state.run.runId() + "-cancel" + (n++))
                    .setEventTime(Instant.ofEpochMilli(time))
                    .setState(ExecutionState.CANCELED)
                    .setOutputs(new ArrayList<>())
                    .setMetrics(new HashMap<>())
                    .setCost(state.costSoFar.getOrDefault(executionId, 0.0))
                    .build();
            queue.add(new Pending(time, sequence++, cancelled, state));
        }
        state.remaining = n;
        if (headTime(index) != Long.MAX_VALUE) {
            heads.add(index);
        }
        return true;
    }

    private void track(RunState state, ExecutionEvent event) {
        state.remaining--;
        String executionId = event.getExecutionId();
        switch (event.getState()) {
            case NEW, RUNNING -> {
                state.open.add(executionId);
                state.costSoFar.put(executionId, event.getCost() == null ? 0.0 : event.getCost());
            }
            default -> state.open.remove(executionId);
        }
        if (state.remaining == 0) {
            runs.remove(state.run.runId());
        }
    }

    private long headTime(int index) {
        Pending head = queues.get(index).peek();
        return head == null ? Long.MAX_VALUE : head.time();
    }

    /** Plans runs until the pipeline's queue holds every event due before its next run starts. */
    private void refill(int index) {
        PipelineSimulator pipeline = pipelines.get(index);
        PriorityQueue<Pending> queue = queues.get(index);
        while (pipeline.nextStart() != Long.MAX_VALUE && (queue.isEmpty() || pipeline.nextStart() <= queue.peek().time())) {
            PlannedRun run = pipeline.planNext();
            onPlanned.accept(run);
            RunState state = new RunState(run);
            runs.put(run.runId(), state);
            for (ExecutionEvent event : run.events()) {
                queue.add(new Pending(event.getEventTime().toEpochMilli(), sequence++, event, state));
            }
        }
    }

    /** Whether the pipeline has a deployed model now (for cadence guards in closed loops). */
    public boolean hasDeployed(String pipelineId) {
        return pipelines.get(indexById.get(pipelineId)).hasDeployed();
    }
}
