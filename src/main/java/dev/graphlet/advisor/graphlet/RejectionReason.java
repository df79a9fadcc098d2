package dev.graphlet.advisor.graphlet;

/**
 * Why an input record went to the dead-letter topic. The name is written in the {@code advisor.dlq.reason}
 * header and tags the dead-letter metric.
 */
public enum RejectionReason {
    /** The bytes are not an Avro record in any known form (includes malformed Avro bodies). */
    UNDESERIALIZABLE,
    /** Not Confluent's wire format: the first byte is not the magic byte 0, or the header is truncated. */
    WRONG_MAGIC_BYTE,
    /** The header names a schema id the registry does not know. */
    UNKNOWN_SCHEMA_ID,
    /** The writer schema cannot be read as the contract's schema. */
    INCOMPATIBLE_SCHEMA,
    /** A required id (eventId, pipelineId, executionId, componentType, artifactId) is empty, or has a NUL. */
    MISSING_REQUIRED_ID,
    /** A cost is negative, NaN or infinite. */
    INVALID_COST,
    /** The execution state is one this version does not know. */
    UNKNOWN_STATE,
    /** The event, or the graphlet it would grow, is over the configured size. */
    OVERSIZED,
    /** The record key is not the event's pipelineId. */
    KEY_MISMATCH,
    /** The event belongs to a graphlet that is already final. */
    LATE,
    /**
     * The event time is further ahead of the wall clock than {@code advisor.event-time.max-ahead} allows: taken as a
     * broken clock, since it would move the task's event clock and close its open graphlets early.
     */
    FUTURE_EVENT_TIME,
    /** A record with no value where an event was expected (and no end-of-input control header). */
    EMPTY,
    /** Processing the record failed for a reason none of the above names (the detail header says which). */
    PROCESSING_FAILED
}
