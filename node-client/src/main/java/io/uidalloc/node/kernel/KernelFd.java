package io.uidalloc.node.kernel;

import io.uidalloc.node.kernel.internal.LibC;

/**
 * An open file descriptor: a detached mount tree from {@code open_tree}, or an open namespace file. Closing it twice is
 * harmless. The number itself stays inside the kernel package.
 */
public final class KernelFd implements AutoCloseable {

    private final int fd;
    private final String description;
    private boolean closed;

    KernelFd(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    int number() {
        if (closed) {
            throw new IllegalStateException("descriptor for " + description + " is already closed");
        }
        return fd;
    }

    /** What the descriptor refers to, for messages: the path it was opened from. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Syscalls.check(LibC.INSTANCE.close(fd), "close", description);
    }

    @Override
    public String toString() {
        return "fd " + fd + " (" + description + (closed ? ", closed)" : ")");
    }
}
