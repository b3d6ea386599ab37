package io.uidalloc.node.kernel;

import com.sun.jna.Native;

/** Return-code checks shared by the facade classes. */
final class Syscalls {

    private Syscalls() {}

    /**
     * Returns {@code result}, or throws when it is -1. Must be called right after the native call, on the same thread,
     * so that {@link Native#getLastError()} still holds that call's errno.
     */
    static long check(long result, String syscall, Object path) {
        return check(result, syscall, path, null);
    }

    static long check(long result, String syscall, Object path, String hintForEinval) {
        if (result != -1) {
            return result;
        }
        int errno = Native.getLastError();
        throw new KernelException(syscall, String.valueOf(path), errno, errno == Errno.EINVAL ? hintForEinval : null);
    }

    /** Errno numbers the facade branches on (include/uapi/asm-generic/errno-base.h). */
    static final class Errno {
        static final int ENOENT = 2;
        static final int EINVAL = 22;

        private Errno() {}
    }
}
