package io.uidalloc.node.kernel;

import io.uidalloc.node.kernel.internal.LibC;
import io.uidalloc.node.kernel.internal.Statfs;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Says which filesystem a path lives on and whether the running kernel can id-map it, so that an unsupported volume
 * is refused with a sentence instead of a bare {@code EINVAL} from {@code mount_setattr}.
 */
public final class FileSystems {

    private final KernelVersion running;

    /** Checks against the running kernel. */
    public FileSystems() {
        this(KernelVersion.running());
    }

    /** Checks against the given kernel version, for tests and for reporting on other nodes. */
    public FileSystems(KernelVersion running) {
        this.running = running;
    }

    /** The kernel version the checks are made against. */
    public KernelVersion kernelVersion() {
        return running;
    }

    /** {@code statfs(path).f_type}. */
    public static long magicOf(Path path) {
        Statfs statfs = new Statfs();
        Syscalls.check(LibC.INSTANCE.statfs(path.toString(), statfs), "statfs", path);
        statfs.read();
        return statfs.f_type;
    }

    /** The filesystem {@code path} lives on, empty when uidalloc does not know its magic number. */
    public static Optional<FileSystemType> typeOf(Path path) {
        return FileSystemType.ofMagic(magicOf(path));
    }

    /**
     * Why the volume {@code volumeName} at {@code path} cannot be id-mapped on this kernel, or empty when it can.
     * Unknown filesystems are refused: a guess would end in {@code EINVAL} at best and unmapped files at worst.
     */
    public Optional<String> idmapRefusal(String volumeName, Path path) {
        long magic = magicOf(path);
        Optional<FileSystemType> type = FileSystemType.ofMagic(magic);
        String prefix = "volume " + volumeName + ": " + path + " is on ";
        if (type.isEmpty()) {
            return Optional.of(prefix + "an unknown filesystem (statfs magic 0x" + Long.toHexString(magic)
                    + "), which is not known to support id-mapped mounts");
        }
        FileSystemType fs = type.get();
        if (fs.idmapSince().isEmpty()) {
            return Optional.of(prefix + fs.fsName() + ", which does not support id-mapped mounts");
        }
        if (!fs.supportsIdmapOn(running)) {
            return Optional.of(prefix + fs.fsName() + ", which supports id-mapped mounts since Linux "
                    + fs.idmapSince().get() + "; this node runs " + running);
        }
        return Optional.empty();
    }
}
