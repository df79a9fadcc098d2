package dev.graphlet.advisor.graphlet;

/** An input record that is well-formed Avro but cannot be accepted; it is dead-lettered with its reason. */
public class EventRejectedException extends RuntimeException {

    private final RejectionReason reason;

    public EventRejectedException(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
