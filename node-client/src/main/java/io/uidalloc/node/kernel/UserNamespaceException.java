package io.uidalloc.node.kernel;

/** Creating a user namespace failed outside a system call: the helper process did not start, answer or exit. */
public class UserNamespaceException extends RuntimeException {

    UserNamespaceException(String message) {
        super(message);
    }

    UserNamespaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
