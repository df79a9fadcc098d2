package dev.graphlet.advisor.graphlet;

import dev.graphlet.advisor.contract.ArtifactRef;
import dev.graphlet.advisor.contract.ExecutionEvent;
import dev.graphlet.advisor.contract.ExecutionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks what the Avro schema cannot: ids present, key consistent, costs sane, state known, size bounded, and an
 * event time not from a clock running far ahead.
 */
public final class EventValidator {

    /** Costs above this (in cost units) are taken as corrupt rather than as real compute. */
    public static final double MAX_COST = 1e12;

    private final int maxArtifacts;
    private final Optional<Duration> maxAhead;

    /**
     * @param maxArtifacts the most input plus output artifacts one event may carry
     * @param maxAhead     when present, how far ahead of the wall clock an event time may be
     */
    public EventValidator(int maxArtifacts, Optional<Duration> maxAhead) {
        this.maxArtifacts = maxArtifacts;
        this.maxAhead = maxAhead;
    }

    /** @throws EventRejectedException naming the first problem found */
    public void validate(String key, ExecutionEvent event) {
        requireId("eventId", event.getEventId(), event);
        requireId("pipelineId", event.getPipelineId(), event);
        requireId("executionId", event.getExecutionId(), event);
        requireId("componentType", event.getComponentType(), event);
        if (event.getRunId() != null) {
            requireId("runId", event.getRunId(), event);
        }
        if (key == null || !key.equals(event.getPipelineId())) {
            throw new EventRejectedException(RejectionReason.KEY_MISMATCH, "Event " + event.getEventId()
                    + " has pipelineId '" + event.getPipelineId() + "' but record key '" + key
                    + "': events must be keyed by their pipelineId");
        }
        if (event.getState() == ExecutionState.UNKNOWN) {
            throw new EventRejectedException(RejectionReason.UNKNOWN_STATE, "Event " + event.getEventId()
                    + " has an execution state this version does not know (read as UNKNOWN)");
        }
        Double cost = event.getCost();
        if (cost != null && (!Double.isFinite(cost) || cost < 0 || cost > MAX_COST)) {
            throw new EventRejectedException(RejectionReason.INVALID_COST, "Event " + event.getEventId()
                    + " reports cost " + cost + ": costs must be finite, >= 0 and <= " + MAX_COST);
        }
        int artifacts = event.getInputs().size() + event.getOutputs().size();
        if (artifacts > maxArtifacts) {
            throw new EventRejectedException(RejectionReason.OVERSIZED, "Event " + event.getEventId() + " carries "
                    + artifacts + " artifacts, more than the " + maxArtifacts + " allowed (advisor.max-artifacts-per-event)");
        }
        for (ArtifactRef artifact : event.getInputs()) {
            requireId("inputs[].artifactId", artifact.getArtifactId(), event);
        }
        for (ArtifactRef artifact : event.getOutputs()) {
            requireId("outputs[].artifactId", artifact.getArtifactId(), event);
        }
        rejectIfAhead(event);
    }

    /**
     * One event stamped by a broken clock years ahead would move the task's event clock and close every open graphlet
     * of the task, turning the rest of their events into LATE dead letters: such an event is itself the dead letter.
     */
    private void rejectIfAhead(ExecutionEvent event) {
        if (maxAhead.isPresent()) {
            long now = System.currentTimeMillis();
            if (event.getEventTime().toEpochMilli() > now + maxAhead.get().toMillis()) {
                throw new EventRejectedException(RejectionReason.FUTURE_EVENT_TIME, "Event " + event.getEventId()
                        + " has eventTime " + event.getEventTime() + ", more than advisor.event-time.max-ahead ("
                        + maxAhead.get() + ") ahead of the wall clock (" + Instant.ofEpochMilli(now) + ")");
            }
        }
    }

    private static void requireId(String field, String value, ExecutionEvent event) {
        if (value == null || value.isBlank() || value.indexOf('\u0000') >= 0) {
            throw new EventRejectedException(RejectionReason.MISSING_REQUIRED_ID, "Event " + event.getEventId()
                    + " has no usable " + field + " (empty, blank or containing NUL)");
        }
    }
}
