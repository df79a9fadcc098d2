package dev.graphlet.advisor.topology;

import dev.graphlet.advisor.contract.Advisory;
import dev.graphlet.advisor.contract.Decision;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.Feedback;
import dev.graphlet.advisor.contract.FeedbackAction;
import dev.graphlet.advisor.contract.GraphletOutcome;
import dev.graphlet.advisor.contract.OutcomeReason;
import dev.graphlet.advisor.contract.WasteMetrics;
import dev.graphlet.advisor.graphlet.Assembled;
import dev.graphlet.advisor.graphlet.DecisionPointReached;
import dev.graphlet.advisor.graphlet.EventRejectedException;
import dev.graphlet.advisor.graphlet.EventValidator;
import dev.graphlet.advisor.graphlet.FinalOutcome;
import dev.graphlet.advisor.graphlet.GraphletAssembler;
import dev.graphlet.advisor.graphlet.GraphletStates;
import dev.graphlet.advisor.graphlet.RejectionReason;
import dev.graphlet.advisor.contract.AdvisoryMode;
import dev.graphlet.advisor.contract.DecisionPoint;
import dev.graphlet.advisor.contract.ModelSnapshot;
import dev.graphlet.advisor.contract.PointModel;
import dev.graphlet.advisor.graphlet.GraphletListener;
import dev.graphlet.advisor.scoring.Advising;
import dev.graphlet.advisor.scoring.Advisor;
import dev.graphlet.advisor.scoring.Control;
import dev.graphlet.advisor.scoring.Features;
import dev.graphlet.advisor.scoring.Mode;
import dev.graphlet.advisor.scoring.OnlineModel;
import dev.graphlet.advisor.scoring.Verdict;
import dev.graphlet.advisor.state.AdvisoryNote;
import dev.graphlet.advisor.state.FleetPartial;
import dev.graphlet.advisor.state.GraphletState;
import dev.graphlet.advisor.state.ModelState;
import dev.graphlet.advisor.state.PipelineState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The Streams plumbing around {@link GraphletAssembler}: validates events, folds them into
 * graphlets, hands decision points to the scoring seam and publishes its advisories, applies feedback, and makes
 * due graphlets final as the task's event clock advances (and, when configured, by wall-clock time). Rejected records
 * throw {@link EventRejectedException}; the processing exception handler dead-letters them.
 *
 * <p>The event clock is the latest {@code eventTime} of the task's events. It is not Kafka Streams' stream time,
 * which also moves with feedback records: an orchestrator's feedback may carry a time ahead of the events the task
 * has yet to read (it acts live while the advisor catches up, or stamps records with its own clock), and would
 * then close every open graphlet of the task early and turn their remaining events into LATE dead letters. After a
 * restart the clock starts again from the first event read.
 */
final class GraphletProcessor implements Processor<String, byte[], String, SpecificRecord> {

    private final AdvisorSettings settings;
    private final AdvisorTopics topics;
    private final Optional<Advising> advising;
    private final AdvisorCounters counters;
    private final EventValidator validator;
    private ProcessorContext<String, SpecificRecord> context;
    private GraphletAssembler assembler;
    private WasteWindows waste;
    private KeyValueStore<String, ModelState> modelStore;
    private ReadOnlyKeyValueStore<String, String> control;
    private ModelState model;
    private long snapshotVersion = -1;
    private String task;
    private long eventClock = -1;
    private long nextCloseCheck = Long.MIN_VALUE;
    private static final String MODEL_KEY = "model";
    /** Snapshots of each task kept on the compacted model topic, for rollback. */
    static final int SNAPSHOT_SLOTS = 24;
    static final StoreSerde<ModelState> MODEL_SERDE = StateFormats.models();

    GraphletProcessor(AdvisorSettings settings, AdvisorTopics topics, Optional<Advising> advising, AdvisorCounters counters) {
        this.settings = settings;
        this.topics = topics;
        this.advising = advising;
        this.counters = counters;
        this.validator = new EventValidator(settings.maxArtifactsPerEvent(), settings.maxAhead());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.task = "task-" + context.taskId().partition();
        GraphletListener listener = GraphletListener.NONE;
        if (advising.isPresent()) {
            listener = scoring(advising.get());
            context.schedule(Duration.ofSeconds(5), PunctuationType.WALL_CLOCK_TIME, now -> applyRollback());
        }
        this.assembler = new GraphletAssembler(new StreamsGraphletStore(context), settings.assembly(),
                (cap, pipelineId) -> counters.increment("cap-hits." + cap), listener);
        this.waste = new WasteWindows(context.getStateStore(StoreNames.WASTE_WINDOWS),
                context.getStateStore(StoreNames.WINDOW_PROGRESS), settings, context.taskId().partition());
        settings.wallClockFallback().ifPresent(lag -> context.schedule(Duration.ofSeconds(10),
                PunctuationType.WALL_CLOCK_TIME, now -> closeDue(now - lag.toMillis())));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            Header control = record.headers().lastHeader(AdvisorTopology.CONTROL_HEADER);
            if (control != null && AdvisorTopology.END_OF_INPUT.equals(new String(control.value(), StandardCharsets.UTF_8))) {
                long now = Math.max(record.timestamp(), eventClock);
                closeDue(now);
                assembler.flushOpen().forEach(this::emit);
                waste.close(now, true).forEach(this::forward);
                counters.increment("end-of-input");
                return;
            }
            throw new EventRejectedException(RejectionReason.EMPTY, "Record with key '" + record.key()
                    + "' has no value (and no " + AdvisorTopology.CONTROL_HEADER + " header)");
        }
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(topics.events().name());
        if (topic.equals(topics.feedback().name())) {
            onFeedback(record.key(), topics.feedback().valueSerde().deserializer().deserialize(topic, bytes));
        } else {
            onEvent(record.key(), topics.events().valueSerde().deserializer().deserialize(topic, bytes));
        }
    }

    private void onEvent(String key, ExecutionEvent event) {
        validator.validate(key, event);
        long time = event.getEventTime().toEpochMilli();
        eventClock = Math.max(eventClock, time);
        Assembled assembled = assembler.accept(event);
        if (assembled.duplicate()) {
            counters.increment("duplicates");
            return;
        }
        counters.increment("events");
        // An eviction is final now: its time is the event clock, so it never lands in a closed window.
        assembled.outcomes().forEach(o -> emit(new FinalOutcome(o.outcome(), Math.max(o.finalTime(), eventClock))));
        assembled.decisionPoints().forEach(r -> counters.increment("decision-points." + r.decisionPoint()));
        if (eventClock >= nextCloseCheck) {
            // Closed up to the last whole check interval: which graphlets are final after an event depends only on
            // the latest event time, so a restart (which starts the clock again) closes nothing out of turn.
            long interval = settings.closeCheckInterval().toMillis();
            long boundary = Math.floorDiv(eventClock, interval) * interval;
            nextCloseCheck = boundary + interval;
            closeDue(boundary);
        }
    }

    private static boolean skipped(DecisionPointReached reached) {
        for (var note : reached.graphlet().getAdvisories()) {
            if (Decision.SKIP.name().equals(note.getDecision())) {
                return true;
            }
        }
        return false;
    }

    /** Loads the task's model and folds events into run facts and final outcomes into the model. */
    private GraphletListener scoring(Advising seam) {
        this.modelStore = context.getStateStore(StoreNames.MODEL);
        this.control = context.getStateStore(StoreNames.CONTROL);
        ModelState stored = modelStore.get(MODEL_KEY);
        this.model = OnlineModel.upgrade(stored != null ? stored : seam.startingModel());
        return new GraphletListener() {
            @Override
            public void folded(GraphletState graphlet, ExecutionEvent event) {
                seam.fold(graphlet, event);
            }

            @Override
            public void reached(String graphletId, List<DecisionPointReached> points) {
                advise(seam, graphletId, points);
            }

            @Override
            public void finished(GraphletState graphlet, GraphletOutcome outcome, PipelineState pipeline) {
                long before = model.getVersion();
                seam.finished(graphlet, outcome, pipeline, model);
                if (model.getVersion() != before) {
                    modelStore.put(MODEL_KEY, model);
                    counters.increment("model-updates");
                    counters.increment("learned." + outcome.getReason());
                    maybeSnapshot(outcome.getEndTime().toEpochMilli());
                }
            }
        };
    }

    /**
     * Scores the run at each decision point the event reached and publishes the advice (none in mode OFF, none after
     * a SKIP: at most one per graphlet); the run's facts and the advisories go into the graphlet, which the assembler
     * stores next.
     */
    private void advise(Advising seam, String graphletId, List<DecisionPointReached> points) {
        GraphletState graphlet = points.get(0).graphlet(); // the live graphlet: each decision sees the previous one's
        if (skipped(points.get(0))) {
            return; // at most one SKIP per graphlet: after it, nothing more to say
        }
        ExecutionEvent event = points.get(0).event();
        String pipelineId = event.getPipelineId();
        Mode mode = Control.modeFor(this::controlValue, pipelineId, seam.configuredMode());
        List<AdvisoryNote> notes = new ArrayList<>();
        for (DecisionPointReached reached : points) {
            Verdict verdict = seam.decide(reached, graphlet, model, mode);
            if (verdict.guard() != null) {
                counters.increment("guards." + verdict.guard());
                if (verdict.withheld()) {
                    counters.increment("withheld." + verdict.guard());
                }
            }
            if (mode == Mode.OFF) {
                counters.increment("advisories.suppressed");
                continue;
            }
            Decision decision = verdict.skip() ? Decision.SKIP : Decision.CONTINUE;
            AdvisoryMode advisoryMode = mode == Mode.ACTIVE ? AdvisoryMode.ACTIVE : AdvisoryMode.SHADOW;
            String point = reached.decisionPoint().name() + (reached.decisionPoint() == DecisionPoint.IN_TRAINING
                    ? "@" + event.getEventTime().toEpochMilli() : "");
            String advisoryId = Advisor.advisoryId(pipelineId + '\u0000' + graphletId + '\u0000' + point, settings.seed());
            Advisory advisory = Advisory.newBuilder()
                    .setAdvisoryId(advisoryId)
                    .setPipelineId(pipelineId)
                    .setGraphletId(graphletId)
                    .setRunId(event.getRunId())
                    .setExecutionId(event.getExecutionId())
                    .setDecisionPoint(reached.decisionPoint())
                    .setDecision(decision)
                    .setMode(advisoryMode)
                    .setDeployProbability(verdict.probability())
                    .setThreshold(verdict.threshold())
                    .setReasons(new ArrayList<>(verdict.reasons()))
                    .setExpectedCostSavedMilli(verdict.expectedSavedMilli())
                    .setHoldout(verdict.holdout())
                    .setModelVersion(verdict.modelVersion())
                    .setEventTime(event.getEventTime())
                    .setValidUntil(event.getEventTime().plus(seam.validFor()))
                    .build();
            notes.add(AdvisoryNote.newBuilder()
                    .setAdvisoryId(advisoryId)
                    .setDecisionPoint(reached.decisionPoint().name())
                    .setDecision(decision.name())
                    .setMode(advisoryMode.name())
                    .setHoldout(verdict.holdout())
                    .setCostBeforeMilli(GraphletStates.totalCostMilli(graphlet))
                    .build());
            counters.increment("advisories." + decision + "." + advisoryMode);
            if (verdict.holdout()) {
                counters.increment("advisories.holdout");
            }
            context.forward(new Record<>(pipelineId, advisory, event.getEventTime().toEpochMilli()));
            if (decision == Decision.SKIP) {
                break;
            }
        }
        graphlet.getAdvisories().addAll(notes);
    }

    /** The control topic's value for a key, or null. */
    private String controlValue(String key) {
        return control.get(key);
    }

    /** Every so many outcomes learned, the model goes to the model topic (compacted: the latest per task stays). */
    private void maybeSnapshot(long time) {
        long every = advising.orElseThrow().snapshotEvery();
        if (snapshotVersion >= 0 && model.getVersion() / every == snapshotVersion / every) {
            return;
        }
        snapshotVersion = model.getVersion();
        List<PointModel> points = new ArrayList<>();
        for (int p = 0; p < OnlineModel.POINTS; p++) {
            points.add(new PointModel(OnlineModel.MODEL_NAMES.get(p), new ArrayList<>(model.getWeights().get(p)),
                    model.getSeen().get(p)));
        }
        ModelSnapshot snapshot = new ModelSnapshot(task, Advisor.version(model), Instant.ofEpochMilli(time),
                model.getThreshold(), new ArrayList<>(Features.NAMES), points,
                ByteBuffer.wrap(MODEL_SERDE.serializer().serialize(null, model)));
        counters.increment("model-snapshots");
        // Keyed by task and slot: the compacted topic keeps the latest SNAPSHOT_SLOTS snapshots of each task.
        context.forward(new Record<>(task + "/" + (model.getVersion() / every) % SNAPSHOT_SLOTS, snapshot, time));
    }

    /**
     * An operator asked to restore a snapshot: the control record {@code rollback/task-N} holds "nonce base64-state"
     * (written by {@code advisor model rollback}); each nonce is applied once.
     */
    private void applyRollback() {
        String value = controlValue(Control.ROLLBACK + task);
        if (value == null) {
            return;
        }
        String[] parts = value.trim().split("\\s+", 2);
        if (parts.length != 2) {
            counters.increment("control.rejected");
            return;
        }
        if (parts[0].equals(model.getAppliedRollback())) {
            return;
        }
        try {
            ModelState restored = MODEL_SERDE.deserializer().deserialize(null, Base64.getDecoder().decode(parts[1]));
            restored.setAppliedRollback(parts[0]);
            model = OnlineModel.upgrade(restored);
            modelStore.put(MODEL_KEY, model);
            counters.increment("model-rollbacks");
        } catch (RuntimeException e) {
            counters.increment("control.rejected");
        }
    }

    private void onFeedback(String key, Feedback feedback) {
        if (key == null || !key.equals(feedback.getPipelineId())) {
            throw new EventRejectedException(RejectionReason.KEY_MISMATCH, "Feedback for advisory "
                    + feedback.getAdvisoryId() + " has pipelineId '" + feedback.getPipelineId() + "' but key '" + key + "'");
        }
        boolean matched = feedback.getAction() != FeedbackAction.SKIPPED
                || assembler.confirmSkip(feedback.getPipelineId(), feedback.getGraphletId());
        counters.increment("feedback." + feedback.getAction() + (matched ? "" : ".unmatched"));
    }

    private void closeDue(long time) {
        List<FinalOutcome> outcomes = assembler.advance(time);
        outcomes.forEach(this::emit);
        waste.close(time, false).forEach(this::forward);
    }

    private void emit(FinalOutcome finalOutcome) {
        GraphletOutcome outcome = finalOutcome.outcome();
        counters.increment("outcomes." + outcome.getReason());
        if (outcome.getReason() != OutcomeReason.OPEN) {
            waste.count(outcome, finalOutcome.finalTime());
        }
        context.forward(new Record<>(outcome.getPipelineId(), outcome, finalOutcome.finalTime()));
    }

    /**
     * Waste metrics are keyed by their scope (a pipelineId) and stamped with their window start (never ahead of
     * the event clock, whatever closed them); fleet partials go to the fleet scope.
     */
    private void forward(SpecificRecord value) {
        if (value instanceof WasteMetrics metrics) {
            context.forward(new Record<>(metrics.getScope(), value, metrics.getWindowStart().toEpochMilli()));
        } else if (value instanceof FleetPartial partial) {
            long time = Math.min(partial.getWindowEnd(), Math.max(0, eventClock));
            context.forward(new Record<>(settings.fleetScope(), value, Math.max(0, time)));
        }
    }

}
