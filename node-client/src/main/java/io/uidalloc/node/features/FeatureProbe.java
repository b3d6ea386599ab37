package io.uidalloc.node.features;

import io.uidalloc.node.features.Features.FilesystemSupport;
import io.uidalloc.node.features.Features.Probe;
import io.uidalloc.node.kernel.Capabilities;
import io.uidalloc.node.kernel.FileSystemType;
import io.uidalloc.node.kernel.KernelException;
import io.uidalloc.node.kernel.KernelFd;
import io.uidalloc.node.kernel.KernelVersion;
import io.uidalloc.node.kernel.MountInfo;
import io.uidalloc.node.kernel.MountTable;
import io.uidalloc.node.kernel.Mounts;
import io.uidalloc.node.kernel.UserNamespaceException;
import io.uidalloc.node.kernel.UserNamespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds out, by doing it, what this node's kernel supports, in the spirit of {@code runc features}.
 *
 * <p>User namespaces: one is created with the same helper and pinning as for pods. Id-mapped mounts: a fresh tmpfs is
 * mounted in a scratch directory, id-mapped through that namespace, and a root-owned file on it must show the
 * namespace's host ID. Each other local filesystem that is mounted somewhere on the node is probed without touching
 * it: a detached clone of one of its mounts is id-mapped and dropped, never attached. Network and FUSE filesystems
 * are not probed, as a lookup there can hang on a server or daemon. Everything is removed before {@link #probe}
 * returns.
 */
public final class FeatureProbe {

    private static final System.Logger LOG = System.getLogger(FeatureProbe.class.getName());

    /**
     * Host IDs of the probe's namespace: the last whole block below {@code (uid_t) -1}. No process ever runs in the
     * namespace and the only mount it maps is the probe's own tmpfs, so sharing the range with a pod is harmless.
     */
    static final long PROBE_HOST_ID = 65534L * 65536;

    private static final Set<FileSystemType> NOT_PROBED =
            EnumSet.of(FileSystemType.NFS, FileSystemType.CEPH, FileSystemType.FUSE, FileSystemType.NSFS);

    private final Path scratchParent;
    private final UserNamespaces namespaces;

    /**
     * @param scratchParent directory in which a temporary scratch directory is made and removed again
     */
    public FeatureProbe(Path scratchParent, UserNamespaces namespaces) {
        this.scratchParent = scratchParent;
        this.namespaces = namespaces;
    }

    /** Probes the kernel; never throws for a missing feature, which is reported instead. */
    public Features probe() {
        String release = KernelVersion.runningRelease();
        KernelVersion version = KernelVersion.parse(release);
        boolean sysAdmin = Capabilities.hasSysAdmin();
        if (!sysAdmin) {
            LOG.log(Level.WARNING, "CAP_SYS_ADMIN is missing; run the node agent as root to apply pods");
            Probe missing = Probe.no("needs CAP_SYS_ADMIN, which this process lacks");
            return new Features(release, version, false, missing, missing, filesystems(version, Map.of()));
        }

        Path scratch = createScratch();
        try {
            return probeIn(scratch, release, version);
        } finally {
            deleteScratch(scratch);
        }
    }

    private Features probeIn(Path scratch, String release, KernelVersion version) {
        Path pin = scratch.resolve("userns");
        try {
            namespaces.createPinned(PROBE_HOST_ID, 65536, pin);
        } catch (KernelException | UserNamespaceException | UncheckedIOException e) {
            Probe failed = Probe.no("creating a user namespace failed: " + e.getMessage());
            return new Features(
                    release, version, true, failed, Probe.no("needs a user namespace"), filesystems(version, Map.of()));
        }
        try (KernelFd userns = UserNamespaces.open(pin)) {
            Probe idmap = probeTmpfs(scratch, userns);
            Map<FileSystemType, Probe> probed = new LinkedHashMap<>(probeMountedFilesystems(userns));
            probed.put(FileSystemType.TMPFS, idmap);
            return new Features(release, version, true, Probe.yes("created one"), idmap, filesystems(version, probed));
        } finally {
            UserNamespaces.unpin(pin);
        }
    }

    private static Probe probeTmpfs(Path scratch, KernelFd userns) {
        Path source = scratch.resolve("tmpfs");
        Path target = scratch.resolve("idmapped");
        try {
            Files.createDirectory(source);
            Files.createDirectory(target);
            Mounts.mountVirtual("tmpfs", source, "size=64k,mode=0755");
            try {
                Files.createFile(source.resolve("owned-by-root"));
                Mounts.idmappedBind(source, target, userns, false);
                try {
                    Object uid = Files.getAttribute(target.resolve("owned-by-root"), "unix:uid");
                    return Integer.toUnsignedLong((Integer) uid) == PROBE_HOST_ID
                            ? Probe.yes("a root-owned file on an id-mapped tmpfs showed host ID " + PROBE_HOST_ID)
                            : Probe.no("a root-owned file on an id-mapped tmpfs showed host ID " + uid + " instead of "
                                    + PROBE_HOST_ID);
                } finally {
                    Mounts.detach(target);
                }
            } finally {
                Mounts.detach(source);
            }
        } catch (KernelException e) {
            return Probe.no(e.getMessage());
        } catch (IOException e) {
            return Probe.no("probing tmpfs failed: " + e);
        }
    }

    private static Map<FileSystemType, Probe> probeMountedFilesystems(KernelFd userns) {
        Map<FileSystemType, Probe> probes = new LinkedHashMap<>();
        List<MountInfo> mounts = MountTable.read();
        for (FileSystemType type : FileSystemType.values()) {
            if (NOT_PROBED.contains(type) || type == FileSystemType.TMPFS) {
                continue;
            }
            mounts.stream()
                    .filter(mount -> type.matchesMountType(mount.fsType()))
                    .findFirst()
                    .ifPresent(mount -> probes.put(type, probeClone(mount.mountPoint(), userns)));
        }
        return probes;
    }

    /** Id-maps a detached clone of the mount at {@code mountPoint}; closing the clone's descriptor discards it. */
    private static Probe probeClone(Path mountPoint, KernelFd userns) {
        try (KernelFd clone = Mounts.openTreeClone(mountPoint)) {
            Mounts.setIdmap(clone, userns, false, mountPoint);
            return Probe.yes("a clone of " + mountPoint + " was id-mapped");
        } catch (KernelException e) {
            return Probe.no(e.getMessage());
        }
    }

    private static Map<String, FilesystemSupport> filesystems(
            KernelVersion version, Map<FileSystemType, Probe> probed) {
        Map<String, FilesystemSupport> filesystems = new LinkedHashMap<>();
        for (FileSystemType type : FileSystemType.values()) {
            filesystems.put(
                    type.fsName(),
                    new FilesystemSupport(
                            type.idmapSince(), type.supportsIdmapOn(version), Optional.ofNullable(probed.get(type))));
        }
        return filesystems;
    }

    private Path createScratch() {
        try {
            return Files.createTempDirectory(scratchParent, "uidalloc-features-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory in " + scratchParent, e);
        }
    }

    private static void deleteScratch(Path scratch) {
        for (String name : new String[] {"idmapped", "tmpfs", "userns", ""}) {
            try {
                Files.deleteIfExists(scratch.resolve(name));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove probe scratch {0}; delete it by hand", scratch.resolve(name), e);
            }
        }
    }
}
