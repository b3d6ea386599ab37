package io.uidalloc.service.pool;

/** The configured pool cannot be used; the message says which property to change and how. */
public class InvalidPoolException extends RuntimeException {

    public InvalidPoolException(String message) {
        super(message);
    }
}
