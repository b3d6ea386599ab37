package io.uidalloc.node.cli;

/**
 * A configuration value that cannot be used. The message is one line naming the option, where the value came from,
 * the value, and what to do; {@link Main} prints it and exits with status 2.
 */
final class OptionException extends RuntimeException {

    OptionException(String message) {
        super(message);
    }
}
