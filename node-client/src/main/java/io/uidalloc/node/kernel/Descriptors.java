package io.uidalloc.node.kernel;

import static io.uidalloc.node.kernel.internal.KernelConstants.O_CLOEXEC;
import static io.uidalloc.node.kernel.internal.KernelConstants.O_RDONLY;

import io.uidalloc.node.kernel.internal.LibC;
import java.nio.file.Path;

/** Opens files as raw descriptors, for the calls that take one (a namespace file for {@code mount_setattr}). */
public final class Descriptors {

    private Descriptors() {}

    /** {@code open(path, O_RDONLY | O_CLOEXEC)}; close-on-exec keeps the descriptor out of helper processes. */
    public static KernelFd openReadOnly(Path path) {
        int fd = (int) Syscalls.check(LibC.INSTANCE.open(path.toString(), O_RDONLY | O_CLOEXEC), "open", path);
        return new KernelFd(fd, path.toString());
    }
}
