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
import dev.graphlet.advisor.scoring.Advice;
import dev.graphlet.advisor.scoring.Advising;
import dev.graphlet.advisor.scoring.Score;
import dev.graphlet.advisor.state.AdvisoryNote;
import dev.graphlet.advisor.state.FleetPartial;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Streams plumbing around {@link GraphletAssembler}: validates and deduplicates events, folds them into
 * graphlets, hands decision points to the scoring seam and publishes its advisories, applies feedback, and makes
 * due graphlets final on stream-time punctuation (and, when configured, wall-clock time). Rejected records
 * throw {@link EventRejectedException}; the processing exception handler dead-letters them.
 */
final class GraphletProcessor implements Processor<String, byte[], String, SpecificRecord> {

    private final AdvisorSettings settings;
    private final AdvisorTopics topics;
    private final Optional<Advising> advising;
    private final AdvisorCounters counters;
    private final EventValidator validator;
    private ProcessorContext<String, SpecificRecord> context;
    private GraphletAssembler assembler;
    private WindowStore<String, Long> eventIds;
    private WasteWindows waste;

    GraphletProcessor(AdvisorSettings settings, AdvisorTopics topics, Optional<Advising> advising, AdvisorCounters counters) {
        this.settings = settings;
        this.topics = topics;
        this.advising = advising;
        this.counters = counters;
        this.validator = new EventValidator(settings.maxArtifactsPerEvent());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.assembler = new GraphletAssembler(new StreamsGraphletStore(context), settings.assembly(),
                (cap, pipelineId) -> counters.increment("cap-hits." + cap));
        this.eventIds = context.getStateStore(StoreNames.EVENT_IDS);
        this.waste = new WasteWindows(context.getStateStore(StoreNames.WASTE_WINDOWS),
                context.getStateStore(StoreNames.WINDOW_PROGRESS), settings, context.taskId().partition());
        context.schedule(settings.closeCheckInterval(), PunctuationType.STREAM_TIME, this::closeDue);
        settings.wallClockFallback().ifPresent(lag -> context.schedule(Duration.ofSeconds(10),
                PunctuationType.WALL_CLOCK_TIME, now -> closeDue(now - lag.toMillis())));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            Header control = record.headers().lastHeader(AdvisorTopology.CONTROL_HEADER);
            if (control != null && AdvisorTopology.END_OF_INPUT.equals(new String(control.value(), StandardCharsets.UTF_8))) {
                long now = Math.max(record.timestamp(), context.currentStreamTimeMs());
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
        String id = StreamsGraphletStore.key(event.getPipelineId(), event.getEventId());
        // A redelivery repeats the eventId and the event time: one point lookup, kept for the dedupe horizon.
        if (eventIds.fetch(id, time) != null) {
            counters.increment("duplicates");
            return;
        }
        Assembled assembled = assembler.accept(event);
        eventIds.put(id, time, time);
        counters.increment("events");
        // An eviction is final now: its time is the stream time, so it never lands in a closed window.
        long now = context.currentStreamTimeMs();
        assembled.outcomes().forEach(o -> emit(new FinalOutcome(o.outcome(), Math.max(o.finalTime(), now))));
        boolean skipped = false;
        for (DecisionPointReached reached : assembled.decisionPoints()) {
            counters.increment("decision-points." + reached.decisionPoint());
            skipped |= skipped(reached);
            if (advising.isPresent() && !skipped) { // at most one SKIP per graphlet: after it, nothing more to say
                skipped = advise(advising.get(), assembled.graphletId(), reached) == Decision.SKIP;
            }
        }
    }

    private static boolean skipped(DecisionPointReached reached) {
        return reached.graphlet().getAdvisories().stream().anyMatch(note -> Decision.SKIP.name().equals(note.getDecision()));
    }

    /** Scores the run and publishes the policy's advice; returns the decision, or null when there is none. */
    private Decision advise(Advising seam, String graphletId, DecisionPointReached reached) {
        Score score = seam.scorer().score(reached);
        Optional<Advice> advice = seam.policy().advise(reached, score);
        if (advice.isEmpty()) {
            return null;
        }
        ExecutionEvent event = reached.event();
        String pipelineId = event.getPipelineId();
        String advisoryId = UUID.nameUUIDFromBytes((pipelineId + '\u0000' + graphletId + '\u0000'
                + reached.decisionPoint() + '\u0000' + settings.seed()).getBytes(StandardCharsets.UTF_8)).toString();
        Advice a = advice.get();
        Advisory advisory = Advisory.newBuilder()
                .setAdvisoryId(advisoryId)
                .setPipelineId(pipelineId)
                .setGraphletId(graphletId)
                .setRunId(event.getRunId())
                .setExecutionId(event.getExecutionId())
                .setDecisionPoint(reached.decisionPoint())
                .setDecision(a.decision())
                .setMode(a.mode())
                .setDeployProbability(score.deployProbability())
                .setThreshold(a.threshold())
                .setReasons(new ArrayList<>(score.reasons()))
                .setExpectedCostSavedMilli(score.expectedCostSavedMilli())
                .setHoldout(a.holdout())
                .setModelVersion(score.modelVersion())
                .setEventTime(event.getEventTime())
                .setValidUntil(event.getEventTime().plus(a.validFor()))
                .build();
        assembler.recordAdvisory(pipelineId, graphletId, AdvisoryNote.newBuilder()
                .setAdvisoryId(advisoryId)
                .setDecisionPoint(reached.decisionPoint().name())
                .setDecision(a.decision().name())
                .setMode(a.mode().name())
                .setHoldout(a.holdout())
                .setCostBeforeMilli(GraphletStates.totalCostMilli(reached.graphlet()))
                .build());
        counters.increment("advisories." + a.decision() + "." + a.mode());
        context.forward(new Record<>(pipelineId, advisory, event.getEventTime().toEpochMilli()));
        return a.decision();
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
     * stream time, whatever closed them); fleet partials go to the fleet scope.
     */
    private void forward(SpecificRecord value) {
        if (value instanceof WasteMetrics metrics) {
            context.forward(new Record<>(metrics.getScope(), value, metrics.getWindowStart().toEpochMilli()));
        } else if (value instanceof FleetPartial partial) {
            long time = Math.min(partial.getWindowEnd(), Math.max(0, context.currentStreamTimeMs()));
            context.forward(new Record<>(settings.fleetScope(), value, Math.max(0, time)));
        }
    }

}
