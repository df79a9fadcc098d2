package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.AdvisoryMode;
import dev.graphlet.advisor.contract.AdvisoryTrace;
import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.state.ArtifactLink;
import dev.graphlet.advisor.state.ExecutionSummary;
import dev.graphlet.advisor.state.FinalGraphlet;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.PipelineState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Rebuilds model graphlets from execution events, one pipeline at a time, over a {@link GraphletStore}.
 *
 * <p><b>Grouping.</b> With a runId, a graphlet is the run: graphletId = runId. Without one, lineage links it:
 * an execution joins the open graphlet that produced its inputs (baseline inputs excepted; the most recent
 * graphlet when several; never a second Trainer into one graphlet), else it opens a graphlet named after itself.
 * When an execution's inputs come before their producer, it waits in a graphlet of its own, which is merged
 * into the producer's graphlet when the producer's outputs arrive. So the grouping, costs and labels do not
 * depend on the order events arrive in.
 *
 * <p><b>Closing.</b> A graphlet is final {@code grace} after its terminal event (the Pusher's end, a FAILED or a
 * CANCELED execution) or, without one, {@code grace} after its inactivity timeout; {@link #advance} makes due
 * graphlets final in (time, pipeline, graphlet) order and returns exactly one outcome for each. Final graphlets
 * are remembered for {@code finalRetention}: events for them are rejected as LATE.
 *
 * <p>Work per event touches one graphlet, one pipeline summary and the event's own artifacts: it does not grow
 * with a pipeline's history.
 */
public final class GraphletAssembler {

    /** Told when a state cap forces a decision (an eviction); for metrics. */
    public interface CapListener {
        void capHit(String cap, String pipelineId);
    }

    private static final int MAX_ALIAS_HOPS = 32;
    /**
     * The most event fingerprints a graphlet keeps for dedupe: a TFX run sends a few dozen events; past this, the
     * oldest are forgotten (a redelivery of one of those would be folded again, which the folds absorb).
     */
    static final int MAX_SEEN_EVENTS = 512;

    private final GraphletStore store;
    private final AssemblySettings settings;
    private final CapListener caps;
    private final GraphletListener listener;

    public GraphletAssembler(GraphletStore store, AssemblySettings settings, CapListener caps) {
        this(store, settings, caps, GraphletListener.NONE);
    }

    public GraphletAssembler(GraphletStore store, AssemblySettings settings, CapListener caps, GraphletListener listener) {
        this.store = store;
        this.settings = settings;
        this.caps = caps;
        this.listener = listener;
    }

    // ---- events --------------------------------------------------------------------------------------------

    /**
     * Folds one (valid) event into its graphlet. A redelivery, an event repeating the eventId and event time of one
     * its graphlet already folded (open, or final and still remembered), changes nothing and is reported as a
     * duplicate.
     *
     * @throws EventRejectedException LATE when the graphlet is already final; OVERSIZED when the graphlet would
     *                                exceed its execution cap. Nothing is changed then.
     */
    public Assembled accept(ExecutionEvent event) {
        String pipelineId = event.getPipelineId();
        long time = event.getEventTime().toEpochMilli();
        long fingerprint = fingerprint(event.getEventId(), time);
        boolean lineage = event.getRunId() == null;
        String graphletId = lineage ? lineageGraphlet(event) : event.getRunId();
        Optional<GraphletState> found = store.graphlet(pipelineId, graphletId);
        if (found.isPresent() && seen(found.get().getSeenEvents(), fingerprint)) {
            return Assembled.duplicateOf(graphletId);
        }
        if (found.isEmpty()) { // an open graphlet is never final: only an event that would open one can be late
            Optional<FinalGraphlet> marker = store.finalGraphlet(pipelineId, graphletId);
            if (marker.isPresent()) {
                if (seen(marker.get().getSeenEvents(), fingerprint)) {
                    return Assembled.duplicateOf(graphletId);
                }
                rejectLate(pipelineId, graphletId, event, marker.get());
            }
        }
        boolean newExecution = found.flatMap(g -> GraphletStates.execution(g, event.getExecutionId())).isEmpty();
        if (newExecution && found.map(g -> g.getExecutions().size() >= settings.maxExecutions()).orElse(false)) {
            throw new EventRejectedException(RejectionReason.OVERSIZED, "Graphlet " + graphletId + " of pipeline "
                    + pipelineId + " already has " + settings.maxExecutions() + " executions (the cap); event "
                    + event.getEventId() + " would add execution " + event.getExecutionId());
        }

        List<FinalOutcome> evicted = new ArrayList<>();
        GraphletState graphlet;
        boolean opened = found.isEmpty();
        // Most events neither open a graphlet nor link lineage nor reach a decision point: they leave the pipeline's
        // summary alone, so it is read only when needed.
        PipelineState pipeline = opened || lineage ? pipelineOf(pipelineId) : null;
        if (opened) {
            evicted.addAll(makeRoom(pipeline, time));
            graphlet = GraphletState.newBuilder().setPipelineId(pipelineId).setGraphletId(graphletId)
                    .setRunId(event.getRunId()).setFirstEventTime(time).setLastEventTime(time).build();
            pipeline.getOpenGraphlets().add(graphletId);
        } else {
            graphlet = found.get();
        }
        GraphletStates.fold(graphlet, event);
        graphlet.setSeenEvents(remember(graphlet.getSeenEvents(), fingerprint));
        listener.folded(graphlet, event);
        if (lineage) {
            store.putExecutionGraphlet(pipelineId, event.getExecutionId(), graphletId);
            awaitUnknownInputs(graphlet, event);
            graphlet = indexOutputs(graphlet, pipeline, event);
            graphletId = graphlet.getGraphletId();
        }
        List<DecisionPoint> reached = decisionPoints(graphlet, event, opened);
        reschedule(graphlet);
        if (opened || lineage) { // otherwise the pipeline's state is unchanged: spare the write
            pipeline.setLastEventTime(Math.max(pipeline.getLastEventTime(), time));
            store.putPipeline(pipeline);
        }
        List<DecisionPointReached> decisions = new ArrayList<>();
        if (!reached.isEmpty()) {
            PipelineState summary = pipeline != null ? pipeline : pipelineOf(pipelineId);
            for (DecisionPoint point : reached) {
                decisions.add(new DecisionPointReached(point, event, graphlet, summary));
            }
            listener.reached(graphletId, decisions); // scoring's facts and advisories are stored with the graphlet
        }
        store.putGraphlet(graphlet);
        return new Assembled(graphletId, decisions, evicted, false);
    }

    /**
     * The 64-bit fingerprint of an event's identity, its eventId and event time: FNV-1a over the id's characters, the
     * time folded in, then SplitMix64's finalizer to spread the bits. Only compared within one graphlet's few dozen
     * events, so a collision (2^-64, about 1 in 10^19, per pair) is not a practical concern.
     */
    static long fingerprint(String eventId, long eventTime) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            h ^= eventId.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h ^ mix(eventTime));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Whether packed fingerprints hold this one. */
    static boolean seen(ByteBuffer packed, long fingerprint) {
        for (int i = packed.position(); i + Long.BYTES <= packed.limit(); i += Long.BYTES) {
            if (packed.getLong(i) == fingerprint) {
                return true;
            }
        }
        return false;
    }

    /** Packed fingerprints with this one added, forgetting the oldest past the cap. */
    static ByteBuffer remember(ByteBuffer packed, long fingerprint) {
        return remember(packed, ByteBuffer.allocate(Long.BYTES).putLong(0, fingerprint));
    }

    /** Packed fingerprints followed by more, forgetting the oldest past the cap. */
    static ByteBuffer remember(ByteBuffer packed, ByteBuffer more) {
        int cap = MAX_SEEN_EVENTS * Long.BYTES;
        int keptNew = Math.min(more.remaining(), cap);
        int keptOld = Math.min(packed.remaining(), cap - keptNew);
        ByteBuffer grown = ByteBuffer.allocate(keptOld + keptNew);
        grown.put(packed.duplicate().position(packed.limit() - keptOld))
                .put(more.duplicate().position(more.limit() - keptNew)).flip();
        return grown;
    }

    /** The orchestrator confirmed a SKIP: a cancellation of this graphlet is SKIPPED_ON_ADVICE. */
    public boolean confirmSkip(String pipelineId, String graphletId) {
        return update(pipelineId, graphletId, g -> g.setSkipConfirmed(true));
    }

    private boolean update(String pipelineId, String graphletId, Consumer<GraphletState> change) {
        Optional<GraphletState> graphlet = store.graphlet(pipelineId, resolve(pipelineId, graphletId));
        graphlet.ifPresent(g -> {
            change.accept(g);
            store.putGraphlet(g);
        });
        return graphlet.isPresent();
    }

    private static void rejectLate(String pipelineId, String graphletId, ExecutionEvent event, FinalGraphlet marker) {
        throw new EventRejectedException(RejectionReason.LATE, "Event " + event.getEventId() + " (execution "
                + event.getExecutionId() + ", " + event.getEventTime() + ") is for graphlet " + graphletId
                + " of pipeline " + pipelineId + ", already final at " + Instant.ofEpochMilli(marker.getFinalTime()));
    }

    private List<FinalOutcome> makeRoom(PipelineState pipeline, long time) {
        List<FinalOutcome> evicted = new ArrayList<>();
        while (pipeline.getOpenGraphlets().size() >= settings.maxOpenGraphlets()) {
            String oldest = pipeline.getOpenGraphlets().remove(0);
            caps.capHit("open-graphlets", pipeline.getPipelineId());
            store.graphlet(pipeline.getPipelineId(), oldest).ifPresent(victim -> {
                unscheduleClose(victim);
                long finalTime = Math.max(time, victim.getLastEventTime());
                evicted.add(new FinalOutcome(finish(victim, finalTime, false, pipeline), finalTime));
            });
        }
        return evicted;
    }

    // ---- lineage -------------------------------------------------------------------------------------------

    private String lineageGraphlet(ExecutionEvent event) {
        String pipelineId = event.getPipelineId();
        Optional<String> known = store.executionGraphlet(pipelineId, event.getExecutionId());
        if (known.isPresent()) {
            return resolve(pipelineId, known.get());
        }
        boolean trainer = GraphletStates.TRAINER.equals(event.getComponentType());
        GraphletState best = null;
        for (ArtifactRef input : linkingInputs(event)) {
            Optional<String> producer = store.artifact(pipelineId, input.getArtifactId()).map(ArtifactLink::getProducer);
            if (producer.isEmpty()) {
                continue;
            }
            Optional<GraphletState> candidate = store.graphlet(pipelineId, resolve(pipelineId, producer.get()));
            if (candidate.isEmpty() || (trainer && GraphletStates.hasTrainer(candidate.get()))) {
                continue; // final graphlets are history; one Trainer per graphlet
            }
            if (best == null || newer(candidate.get(), best)) {
                best = candidate.get();
            }
        }
        return best != null ? best.getGraphletId() : event.getExecutionId();
    }

    private static boolean newer(GraphletState a, GraphletState b) {
        return a.getFirstEventTime() != b.getFirstEventTime() ? a.getFirstEventTime() > b.getFirstEventTime()
                : a.getGraphletId().compareTo(b.getGraphletId()) > 0;
    }

    private static List<ArtifactRef> linkingInputs(ExecutionEvent event) {
        return event.getInputs().stream().filter(a -> a.getRole() == null
                || !a.getRole().toLowerCase(Locale.ROOT).startsWith("baseline")).toList();
    }

    private void awaitUnknownInputs(GraphletState graphlet, ExecutionEvent event) {
        String pipelineId = graphlet.getPipelineId();
        for (ArtifactRef input : linkingInputs(event)) {
            ArtifactLink link = store.artifact(pipelineId, input.getArtifactId()).orElseGet(() -> ArtifactLink.newBuilder().build());
            if (link.getProducer() != null) {
                continue;
            }
            if (!link.getWaiting().contains(graphlet.getGraphletId())) {
                link.getWaiting().add(graphlet.getGraphletId());
                store.putArtifact(pipelineId, input.getArtifactId(), link);
            }
            if (!graphlet.getAwaiting().contains(input.getArtifactId())) {
                graphlet.getAwaiting().add(input.getArtifactId());
            }
        }
    }

    /** Indexes the event's outputs; graphlets waiting for them are merged in. Returns the surviving graphlet. */
    private GraphletState indexOutputs(GraphletState graphlet, PipelineState pipeline, ExecutionEvent event) {
        String pipelineId = graphlet.getPipelineId();
        GraphletState current = graphlet;
        for (ArtifactRef output : event.getOutputs()) {
            ArtifactLink link = store.artifact(pipelineId, output.getArtifactId()).orElseGet(() -> ArtifactLink.newBuilder().build());
            if (link.getProducer() == null) {
                link.setProducer(current.getGraphletId());
            }
            List<String> waiting = new ArrayList<>(link.getWaiting());
            link.setWaiting(new ArrayList<>());
            store.putArtifact(pipelineId, output.getArtifactId(), link);
            for (String waiter : waiting) {
                String target = resolve(pipelineId, waiter);
                if (target.equals(current.getGraphletId())) {
                    continue;
                }
                Optional<GraphletState> consumer = store.graphlet(pipelineId, target);
                if (consumer.isPresent()
                        && !(GraphletStates.hasTrainer(current) && GraphletStates.hasTrainer(consumer.get()))) {
                    current = merge(current, consumer.get(), pipeline);
                }
            }
        }
        return current;
    }

    /**
     * Merges two graphlets found to be one. The survivor is the one with the earliest event (then the smaller
     * id), so the merged graphlet's id does not depend on the order events arrived in.
     */
    private GraphletState merge(GraphletState a, GraphletState b, PipelineState pipeline) {
        boolean aSurvives = a.getFirstEventTime() != b.getFirstEventTime() ? a.getFirstEventTime() < b.getFirstEventTime()
                : a.getGraphletId().compareTo(b.getGraphletId()) < 0;
        GraphletState survivor = aSurvives ? a : b;
        absorb(survivor, aSurvives ? b : a, pipeline);
        return survivor;
    }

    /** Moves everything of {@code absorbed} into {@code graphlet}, leaving an alias behind. */
    private void absorb(GraphletState graphlet, GraphletState consumer, PipelineState pipeline) {
        String pipelineId = graphlet.getPipelineId();
        for (ExecutionSummary execution : consumer.getExecutions()) {
            Optional<ExecutionSummary> existing = GraphletStates.execution(graphlet, execution.getExecutionId());
            if (existing.isPresent()) {
                GraphletStates.merge(existing.get(), execution);
            } else {
                graphlet.getExecutions().add(execution);
            }
            store.putExecutionGraphlet(pipelineId, execution.getExecutionId(), graphlet.getGraphletId());
        }
        graphlet.getExecutions().sort(Comparator.comparing(ExecutionSummary::getExecutionId));
        graphlet.setFirstEventTime(Math.min(graphlet.getFirstEventTime(), consumer.getFirstEventTime()));
        graphlet.setLastEventTime(Math.max(graphlet.getLastEventTime(), consumer.getLastEventTime()));
        graphlet.setDecisionPoints(union(graphlet.getDecisionPoints(), consumer.getDecisionPoints()));
        graphlet.getAdvisories().addAll(consumer.getAdvisories());
        graphlet.setSkipConfirmed(graphlet.getSkipConfirmed() || consumer.getSkipConfirmed());
        if (graphlet.getFacts() == null || (consumer.getFacts() != null && consumer.getFacts().getTrainerSeen()
                && !graphlet.getFacts().getTrainerSeen())) {
            graphlet.setFacts(consumer.getFacts()); // scoring follows the part that holds the Trainer
        }
        graphlet.setAwaiting(union(graphlet.getAwaiting(), consumer.getAwaiting()));
        graphlet.setSeenEvents(remember(graphlet.getSeenEvents(), consumer.getSeenEvents()));
        List<String> merged = new ArrayList<>(graphlet.getMergedIds());
        merged.add(consumer.getGraphletId());
        merged.addAll(consumer.getMergedIds());
        graphlet.setMergedIds(union(merged, List.of()));
        store.putAlias(pipelineId, consumer.getGraphletId(), graphlet.getGraphletId());
        unscheduleClose(consumer);
        store.deleteGraphlet(pipelineId, consumer.getGraphletId());
        pipeline.setOpenGraphlets(without(pipeline.getOpenGraphlets(), List.of(consumer.getGraphletId())));
    }

    private static List<String> without(List<String> list, List<String> removed) {
        List<String> kept = new ArrayList<>(list);
        kept.removeAll(removed);
        return kept;
    }

    private static List<String> union(List<String> a, List<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private String resolve(String pipelineId, String graphletId) {
        String current = graphletId;
        for (int hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
            Optional<String> next = store.alias(pipelineId, current);
            if (next.isEmpty()) {
                return current;
            }
            current = next.get();
        }
        return current;
    }

    // ---- decision points and closing -----------------------------------------------------------------------

    private static List<DecisionPoint> decisionPoints(GraphletState graphlet, ExecutionEvent event, boolean opened) {
        List<DecisionPoint> reached = new ArrayList<>();
        if (GraphletStates.terminalTime(graphlet).isPresent()) {
            return reached; // the run is over: nothing left to advise on
        }
        ExecutionSummary execution = GraphletStates.execution(graphlet, event.getExecutionId()).orElseThrow();
        boolean executionRunning = !ExecutionStates.terminal(ExecutionState.valueOf(execution.getState()));
        boolean trainer = GraphletStates.TRAINER.equals(event.getComponentType());
        if (opened) {
            reached.add(DecisionPoint.RUN_START);
        }
        if (trainer && executionRunning && !event.getInputs().isEmpty()
                && (event.getState() == ExecutionState.NEW || event.getState() == ExecutionState.RUNNING)) {
            reached.add(DecisionPoint.PRE_TRAIN);
        }
        if (trainer && executionRunning && event.getState() == ExecutionState.RUNNING && !event.getMetrics().isEmpty()) {
            reached.add(DecisionPoint.IN_TRAINING);
        }
        // RUN_START and PRE_TRAIN come once; IN_TRAINING with every report of the training curve.
        reached.removeIf(point -> point != DecisionPoint.IN_TRAINING && graphlet.getDecisionPoints().contains(point.name()));
        reached.removeIf(point -> point == DecisionPoint.IN_TRAINING && reached.contains(DecisionPoint.PRE_TRAIN));
        reached.stream().filter(point -> !graphlet.getDecisionPoints().contains(point.name()))
                .forEach(point -> graphlet.getDecisionPoints().add(point.name()));
        return reached;
    }

    /** When the graphlet would become final on what is known of it now. */
    private long closeTime(GraphletState graphlet) {
        OptionalLong terminal = GraphletStates.terminalTime(graphlet);
        long end = terminal.isPresent() ? terminal.getAsLong()
                : graphlet.getLastEventTime() + settings.inactivityTimeout().toMillis();
        return end + settings.grace().toMillis();
    }

    /**
     * Keeps one closing task per graphlet, at or before its close time. Only a close time that moves earlier (its
     * terminal event arrived) moves the task; one that moves later (another event of a running graphlet) is left
     * for the task to find when it comes due, so an event costs no schedule write.
     */
    private void reschedule(GraphletState graphlet) {
        long closeAt = closeTime(graphlet);
        long scheduled = graphlet.getCloseAt();
        if (scheduled < 0 || closeAt < scheduled) {
            if (scheduled >= 0) {
                store.unschedule(new ScheduledTask(scheduled, ScheduledTask.Kind.CLOSE, graphlet.getPipelineId(), graphlet.getGraphletId()));
            }
            store.schedule(new ScheduledTask(closeAt, ScheduledTask.Kind.CLOSE, graphlet.getPipelineId(), graphlet.getGraphletId()));
            graphlet.setCloseAt(closeAt);
        }
    }

    /** Makes every graphlet due at or before {@code streamTime} final, and forgets expired final graphlets. */
    public List<FinalOutcome> advance(long streamTime) {
        List<FinalOutcome> outcomes = new ArrayList<>();
        for (ScheduledTask task : store.due(streamTime)) {
            store.unschedule(task);
            if (task.kind() == ScheduledTask.Kind.FORGET) {
                forget(task.pipelineId(), task.graphletId());
                continue;
            }
            store.graphlet(task.pipelineId(), task.graphletId())
                    .filter(g -> g.getCloseAt() == task.time())
                    .ifPresent(g -> {
                        long closeAt = Math.max(task.time(), closeTime(g));
                        if (closeAt > streamTime) { // it saw events after the task was set: not due yet
                            store.schedule(new ScheduledTask(closeAt, ScheduledTask.Kind.CLOSE, g.getPipelineId(), g.getGraphletId()));
                            g.setCloseAt(closeAt);
                            store.putGraphlet(g);
                            return;
                        }
                        PipelineState pipeline = pipelineOf(g.getPipelineId());
                        outcomes.add(new FinalOutcome(finish(g, closeAt, false, pipeline), closeAt));
                        store.putPipeline(pipeline);
                    });
        }
        return outcomes;
    }

    /**
     * End of input (replays): reports every graphlet still open as OPEN (neither waste nor a deployment) and drops
     * its state.
     */
    public List<FinalOutcome> flushOpen() {
        List<GraphletState> open = new ArrayList<>();
        store.forEachGraphlet(open::add);
        List<FinalOutcome> outcomes = new ArrayList<>();
        for (GraphletState graphlet : open) {
            unscheduleClose(graphlet);
            PipelineState pipeline = pipelineOf(graphlet.getPipelineId());
            outcomes.add(new FinalOutcome(finish(graphlet, graphlet.getLastEventTime(), true, pipeline),
                    graphlet.getLastEventTime()));
            store.putPipeline(pipeline);
        }
        return outcomes;
    }

    private PipelineState pipelineOf(String pipelineId) {
        return store.pipeline(pipelineId).orElseGet(() -> PipelineState.newBuilder().setPipelineId(pipelineId).build());
    }

    private void unscheduleClose(GraphletState graphlet) {
        if (graphlet.getCloseAt() >= 0) {
            store.unschedule(new ScheduledTask(graphlet.getCloseAt(), ScheduledTask.Kind.CLOSE,
                    graphlet.getPipelineId(), graphlet.getGraphletId()));
        }
    }

    /** Reports a graphlet final (or OPEN), updating {@code pipeline}, which the caller stores. */
    private GraphletOutcome finish(GraphletState graphlet, long finalTime, boolean open, PipelineState pipeline) {
        String pipelineId = graphlet.getPipelineId();
        OutcomeLabel label = open ? new OutcomeLabel(false, OutcomeReason.OPEN) : OutcomeLabel.of(graphlet);
        OptionalLong terminal = GraphletStates.terminalTime(graphlet);
        long endTime = terminal.orElse(graphlet.getLastEventTime());
        Long pushInterval = null;
        if (label.deployed()) {
            if (pipeline.getLastPushTime() >= 0 && endTime > pipeline.getLastPushTime()) {
                pushInterval = endTime - pipeline.getLastPushTime();
                List<Long> intervals = new ArrayList<>(pipeline.getRecentPushIntervals());
                intervals.add(pushInterval);
                while (intervals.size() > settings.pushHistory()) {
                    intervals.remove(0);
                }
                pipeline.setRecentPushIntervals(intervals);
            }
            pipeline.setLastPushTime(Math.max(pipeline.getLastPushTime(), endTime));
            pipeline.setDeployedCount(pipeline.getDeployedCount() + 1);
            pipeline.setRunsSinceLastPush(0);
        } else if (!open) {
            pipeline.setRunsSinceLastPush(pipeline.getRunsSinceLastPush() + 1);
        }
        if (!open) {
            pipeline.setGraphletsFinal(pipeline.getGraphletsFinal() + 1);
        }
        pipeline.setOpenGraphlets(without(pipeline.getOpenGraphlets(), List.of(graphlet.getGraphletId())));

        if (!open) {
            FinalGraphlet.Builder marker = FinalGraphlet.newBuilder().setGraphletId(graphlet.getGraphletId())
                    .setFinalTime(finalTime).setSeenEvents(graphlet.getSeenEvents());
            if (graphlet.getRunId() == null) { // only lineage writes the indexes the marker lets forget() clean up
                List<String> executionIds = graphlet.getExecutions().stream().map(ExecutionSummary::getExecutionId).toList();
                marker.setExecutionIds(new ArrayList<>(executionIds))
                        .setOutputArtifacts(GraphletStates.outputArtifacts(graphlet))
                        .setMergedIds(new ArrayList<>(graphlet.getMergedIds()))
                        .setAwaiting(new ArrayList<>(graphlet.getAwaiting()));
            }
            store.putFinalGraphlet(pipelineId, marker.build());
            store.schedule(new ScheduledTask(finalTime + settings.finalRetention().toMillis(), ScheduledTask.Kind.FORGET,
                    pipelineId, graphlet.getGraphletId()));
        }
        store.deleteGraphlet(pipelineId, graphlet.getGraphletId());

        List<AdvisoryTrace> advisories = graphlet.getAdvisories().stream().map(note -> AdvisoryTrace.newBuilder()
                .setAdvisoryId(note.getAdvisoryId())
                .setDecisionPoint(DecisionPoint.valueOf(note.getDecisionPoint()))
                .setDecision(Decision.valueOf(note.getDecision()))
                .setMode(AdvisoryMode.valueOf(note.getMode()))
                .setHoldout(note.getHoldout())
                .setCostBeforeMilli(note.getCostBeforeMilli())
                .build()).toList();
        GraphletOutcome outcome = GraphletOutcome.newBuilder()
                .setPipelineId(pipelineId)
                .setGraphletId(graphlet.getGraphletId())
                .setRunId(graphlet.getRunId())
                .setDeployed(label.deployed())
                .setReason(label.reason())
                .setStartTime(Instant.ofEpochMilli(graphlet.getFirstEventTime()))
                .setEndTime(Instant.ofEpochMilli(endTime))
                .setTotalCostMilli(GraphletStates.totalCostMilli(graphlet))
                .setCostByComponentMilli(GraphletStates.costByComponentMilli(graphlet))
                .setAdvisories(new ArrayList<>(advisories))
                .setPushIntervalMillis(pushInterval)
                .setExecutions(graphlet.getExecutions().size())
                .build();
        listener.finished(graphlet, outcome, pipeline);
        return outcome;
    }

    private void forget(String pipelineId, String graphletId) {
        Optional<FinalGraphlet> found = store.finalGraphlet(pipelineId, graphletId);
        if (found.isEmpty()) {
            return;
        }
        FinalGraphlet marker = found.get();
        for (String executionId : marker.getExecutionIds()) {
            store.executionGraphlet(pipelineId, executionId)
                    .filter(id -> resolve(pipelineId, id).equals(graphletId))
                    .ifPresent(id -> store.deleteExecutionGraphlet(pipelineId, executionId));
        }
        for (String artifactId : marker.getOutputArtifacts()) {
            store.artifact(pipelineId, artifactId).ifPresent(link -> {
                if (link.getProducer() != null && resolve(pipelineId, link.getProducer()).equals(graphletId)) {
                    if (link.getWaiting().isEmpty()) {
                        store.deleteArtifact(pipelineId, artifactId);
                    } else {
                        link.setProducer(null);
                        store.putArtifact(pipelineId, artifactId, link);
                    }
                }
            });
        }
        List<String> selves = new ArrayList<>(marker.getMergedIds());
        selves.add(graphletId);
        for (String artifactId : marker.getAwaiting()) {
            store.artifact(pipelineId, artifactId).ifPresent(link -> {
                link.setWaiting(without(link.getWaiting(), selves));
                if (link.getWaiting().isEmpty() && link.getProducer() == null) {
                    store.deleteArtifact(pipelineId, artifactId);
                } else {
                    store.putArtifact(pipelineId, artifactId, link);
                }
            });
        }
        marker.getMergedIds().forEach(id -> store.deleteAlias(pipelineId, id));
        store.deleteFinalGraphlet(pipelineId, graphletId);
    }
}
