package io.uidalloc.node.kernel;

import io.uidalloc.node.kernel.internal.ErrnoNames;
import java.util.Optional;

/**
 * A system call failed. The message names the call, the path it worked on and the errno name, for example
 * {@code mount_setattr(MOUNT_ATTR_IDMAP) on /srv/data failed: EINVAL}, followed by a hint where the errno has a known
 * cause for that call.
 */
public class KernelException extends RuntimeException {

    private final String syscall;
    private final String path;
    private final int errno;
    private final String hint;

    KernelException(String syscall, String path, int errno, String hint) {
        super(message(syscall, path, errno, hint));
        this.syscall = syscall;
        this.path = path;
        this.errno = errno;
        this.hint = hint;
    }

    private static String message(String syscall, String path, int errno, String hint) {
        String message = syscall + " on " + path + " failed: " + ErrnoNames.of(errno);
        return hint == null ? message : message + " (" + hint + ")";
    }

    /** The call as written in the message, with the flags that matter, e.g. {@code open_tree(OPEN_TREE_CLONE)}. */
    public String syscall() {
        return syscall;
    }

    /** The path the call worked on. */
    public String path() {
        return path;
    }

    /** The errno value. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code EINVAL}. */
    public String errnoName() {
        return ErrnoNames.of(errno);
    }

    /** The hint, if the message carries one. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
