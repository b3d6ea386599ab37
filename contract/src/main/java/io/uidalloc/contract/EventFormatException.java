package io.uidalloc.contract;

/**
 * Bytes that should have held one of the contract's JSON documents did not: not JSON at all, the wrong shape, a
 * missing required field or a value of the wrong type. The message names the expected type and what was wrong with
 * the input; the Jackson exception, if any, is kept as the cause.
 */
public class EventFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was expected and what was wrong
     * @param cause the underlying parse or mapping failure, or {@code null}
     */
    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
