package io.uidalloc.node.testing;

import io.uidalloc.node.kernel.MountInfo;
import io.uidalloc.node.kernel.MountTable;
import io.uidalloc.node.kernel.Mounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Filesystems mounted for one test under a scratch directory, all removed by {@link #close()}. */
public final class ScratchMounts implements AutoCloseable {

    private final Path base;

    /** Works under {@code base}, which should be a test's temporary directory. */
    public ScratchMounts(Path base) {
        this.base = base.toAbsolutePath();
    }

    /** Mounts a fresh tmpfs on {@code base/name} and returns the real path of its root. */
    public Path tmpfs(String name) {
        return virtual("tmpfs", name, "size=16m,mode=0755");
    }

    /** Mounts a fresh ramfs, which cannot be id-mapped, on {@code base/name}. */
    public Path ramfs(String name) {
        return virtual("ramfs", name, "mode=0755");
    }

    private Path virtual(String fsType, String name, String options) {
        Path dir = directory(name);
        Mounts.mountVirtual(fsType, dir, options);
        return dir;
    }

    /** Makes a 64 MiB ext4 image in {@code base}, loop-mounts it on {@code base/name} and returns the mount point. */
    public Path ext4(String name) {
        Path image = base.resolve(name + ".img");
        Path dir = directory(name);
        Commands.output("truncate", "-s", "64M", image.toString());
        Commands.output("mkfs.ext4", "-q", "-F", image.toString());
        Commands.output("mount", "-o", "loop", image.toString(), dir.toString());
        return dir;
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(base.resolve(name)).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mount points at or below the scratch directory, deepest first. */
    public List<Path> mountPoints() {
        Path real = realBase();
        return MountTable.read().stream()
                .map(MountInfo::mountPoint)
                .filter(mountPoint -> mountPoint.startsWith(real))
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .distinct()
                .toList();
    }

    private Path realBase() {
        try {
            return base.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Unmounts everything below the scratch directory; a loop device is freed with its last unmount because
     * {@code mount -o loop} sets it up with autoclear.
     */
    @Override
    public void close() {
        List<Path> mountPoints = mountPoints();
        while (!mountPoints.isEmpty()) {
            mountPoints.forEach(Mounts::detach);
            mountPoints = mountPoints();
        }
    }
}
