package io.uidalloc.contract;

import java.util.UUID;

/**
 * An {@link AssignmentEvent} whose signature does not prove that the allocator service made it. A node must not act
 * on such an event; the {@link #reason()} tells an operator whether to look at the event, the key configuration or
 * for an attacker.
 */
public class SignatureRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a signature was rejected. */
    public enum Reason {

        /** The event carries no signature at all. */
        MISSING_SIGNATURE,

        /** The signature is not of the form {@code ed25519:<16 hex key id>:<base64 of 64 bytes>}. */
        MALFORMED_SIGNATURE,

        /** The signature names a key the verifier does not trust, for example after a rotation it was not told of. */
        UNKNOWN_KEY_ID,

        /** The signature is well formed and names a trusted key, but the event is not what that key signed. */
        SIGNATURE_MISMATCH
    }

    private final Reason reason;
    private final UUID eventId;

    /**
     * Creates the exception.
     *
     * @param reason which check failed
     * @param eventId the rejected event's id
     * @param message the details, naming the event and the key involved
     */
    public SignatureRejectedException(Reason reason, UUID eventId, String message) {
        super(message);
        this.reason = reason;
        this.eventId = eventId;
    }

    /**
     * Which check failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The rejected event's id.
     *
     * @return the id
     */
    public UUID eventId() {
        return eventId;
    }
}
