package io.uidalloc.node.kernel;

import com.sun.jna.Native;
import java.util.function.IntFunction;

/** Return-code checks shared by the facade classes. */
final class Syscalls {

    private Syscalls() {}

    /**
     * Returns {@code result}, or throws when it is -1. Must be called right after the native call, on the same thread,
     * so that {@link Native#getLastError()} still holds that call's errno.
     */
    static long check(long result, String syscall, Object path) {
        return check(result, syscall, path, errno -> null);
    }

    /** As {@link #check(long, String, Object)}, with a hint chosen by errno for the message (null for none). */
    static long check(long result, String syscall, Object path, IntFunction<String> hintForErrno) {
        if (result != -1) {
            return result;
        }
        int errno = Native.getLastError();
        throw new KernelException(syscall, String.valueOf(path), errno, hintForErrno.apply(errno));
    }

    /** Errno numbers the facade gives hints for (include/uapi/asm-generic/errno-base.h). */
    static final class Errno {
        static final int EPERM = 1;
        static final int EINVAL = 22;

        private Errno() {}
    }
}
