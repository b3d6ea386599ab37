package io.uidalloc.node.kernel.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The C library functions uidalloc calls, with their C names and argument order.
 *
 * <p>Only the facade in {@code io.uidalloc.node.kernel} may use this interface: it checks every return value and turns
 * {@code errno} into a {@code KernelException}. No method declares {@code LastErrorException} because {@code errno} is
 * only meaningful after a call returned -1; the facade reads it with {@link Native#getLastError()} in that case alone.
 *
 * <p>Integers are mapped for x86-64 and the other LP64 Linux targets: C {@code long} and {@code unsigned long} are Java
 * {@code long}, C {@code int} is Java {@code int}.
 */
public interface LibC extends Library {

    /** The process-wide binding to glibc. */
    LibC INSTANCE = Native.load("c", LibC.class);

    /**
     * {@code long syscall(long number, ...)}: used for system calls glibc has no wrapper for ({@code open_tree},
     * {@code move_mount}, {@code mount_setattr}). Every integer argument must be passed as a Java {@code long} so that
     * JNA widens it to a full register; an {@code int} would leave the upper half of the register undefined.
     */
    long syscall(long number, Object... args);

    /** {@code int mount(const char *source, const char *target, const char *filesystemtype, unsigned long, ...)}. */
    int mount(String source, String target, String filesystemtype, long mountflags, Pointer data);

    /** {@code int umount2(const char *target, int flags)}. */
    int umount2(String target, int flags);

    /** {@code int statfs(const char *path, struct statfs *buf)}. */
    int statfs(String path, Statfs buf);

    /** {@code int open(const char *pathname, int flags)}; the mode argument is omitted as no call creates a file. */
    int open(String pathname, int flags);

    /** {@code int close(int fd)}. */
    int close(int fd);

    /** {@code int uname(struct utsname *buf)}. */
    int uname(Utsname buf);
}
