package io.uidalloc.node.pod;

import io.uidalloc.node.IdRange;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import io.uidalloc.node.kernel.FileSystems;
import io.uidalloc.node.kernel.KernelException;
import io.uidalloc.node.kernel.KernelFd;
import io.uidalloc.node.kernel.MountInfo;
import io.uidalloc.node.kernel.MountTable;
import io.uidalloc.node.kernel.Mounts;
import io.uidalloc.node.kernel.UserNamespaceException;
import io.uidalloc.node.kernel.UserNamespaces;
import io.uidalloc.node.pod.PodApplyException.Kind;
import io.uidalloc.node.safety.SafetyRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Applies and revokes pods' kernel state on this node, and lists what is there.
 *
 * <p>{@link #apply} runs the safety rules, then creates the pod's directories, a user namespace pinned on
 * {@code <stateDir>/pods/<podUid>/userns}, one id-mapped mount per volume (after checking its filesystem) and finally
 * {@code runtime-spec.json}. Each step that changes something pushes its undo action; if a later step fails, the undo
 * actions run in reverse, so a failed apply leaves nothing. {@link #revoke} does not rely on such a record: it removes
 * whatever it finds for the pod, which makes it idempotent and usable after a crash.
 *
 * <p>Nothing here deletes recursively: under the mount root a directory may still be a mount of a volume's data, and
 * only empty directories and the empty files made as mount targets are removed. Methods are synchronized because they
 * read the whole node state before changing it.
 */
public final class PodApplier {

    private static final System.Logger LOG = System.getLogger(PodApplier.class.getName());

    private final PodLayout layout;
    private final SafetyRules safetyRules;
    private final UserNamespaces namespaces;
    private final FileSystems fileSystems;

    public PodApplier(PodLayout layout, SafetyRules safetyRules, UserNamespaces namespaces, FileSystems fileSystems) {
        this.layout = layout;
        this.safetyRules = safetyRules;
        this.namespaces = namespaces;
        this.fileSystems = fileSystems;
    }

    /** The directories this applier works in. */
    public PodLayout layout() {
        return layout;
    }

    /**
     * Sets up {@code pod}: user namespace, id-mapped volumes, runtime-spec fragment.
     *
     * @return the pod's state after the apply
     * @throws PodApplyException with the reasons, after rolling back everything this call did
     */
    public synchronized PodKernelState apply(PodAssignment pod) {
        UUID podUid = pod.podUid();
        List<PodKernelState> present = scan();
        refuseUnsafe(pod, present);

        Deque<Undo> undo = new ArrayDeque<>();
        try {
            createDirectory(layout.podStateDir(podUid), PodLayout.STATE_DIRECTORY_MODE, undo);
            createDirectory(layout.podMountDir(podUid), PodLayout.MOUNT_DIRECTORY_MODE, undo);
            pinNamespace(pod, undo);
            Map<String, Path> sources = mountVolumes(pod, undo);
            writeRuntimeSpec(pod, sources, undo);
        } catch (RuntimeException e) {
            PodApplyException failure = asApplyFailure(podUid, e);
            rollBack(podUid, undo, failure);
            throw failure;
        }

        LOG.log(
                Level.INFO,
                "pod {0}: applied, host IDs {1}, {2} id-mapped volume(s)",
                podUid,
                pod.hostRange(),
                pod.volumes().size());
        return stateOf(podUid);
    }

    private void refuseUnsafe(PodAssignment pod, List<PodKernelState> present) {
        if (present.stream().anyMatch(state -> state.podUid().equals(pod.podUid()))) {
            throw new PodApplyException(
                    pod.podUid(), Kind.ALREADY_PRESENT, "the node already holds state for this pod; revoke it first");
        }
        Map<UUID, IdRange> others = new LinkedHashMap<>();
        present.forEach(state -> state.hostRange().ifPresent(range -> others.put(state.podUid(), range)));
        List<String> refusals = safetyRules.refusals(pod, others);
        if (!refusals.isEmpty()) {
            throw new PodApplyException(pod.podUid(), Kind.REFUSED, refusals, null);
        }
    }

    private void pinNamespace(PodAssignment pod, Deque<Undo> undo) {
        Path usernsFile = layout.usernsFile(pod.podUid());
        namespaces.createPinned(pod.hostIdStart(), pod.size(), usernsFile);
        undo.push(() -> UserNamespaces.unpin(usernsFile));
    }

    private Map<String, Path> mountVolumes(PodAssignment pod, Deque<Undo> undo) {
        Map<String, Path> sources = new LinkedHashMap<>();
        try (KernelFd userns = UserNamespaces.open(layout.usernsFile(pod.podUid()))) {
            for (PodVolume volume : pod.volumes()) {
                sources.put(volume.name(), mountVolume(pod.podUid(), volume, userns, undo));
            }
        }
        return sources;
    }

    private Path mountVolume(UUID podUid, PodVolume volume, KernelFd userns, Deque<Undo> undo) {
        Optional<String> refusal = fileSystems.idmapRefusal(volume.name(), volume.hostPath());
        if (refusal.isPresent()) {
            throw new PodApplyException(podUid, Kind.UNSUPPORTED_FILESYSTEM, refusal.get());
        }

        // Mount what the safety rules checked: the resolved path, not one that a symlink could redirect later.
        Path source = realPath(volume.hostPath());
        Path target = layout.volumeTarget(podUid, volume.name());
        if (Files.isDirectory(source)) {
            createDirectory(target, PodLayout.MOUNT_DIRECTORY_MODE, undo);
        } else {
            createEmptyFile(target, undo);
        }

        try {
            Mounts.idmappedBind(source, target, userns, volume.readOnly());
        } catch (KernelException e) {
            throw new VolumeFailure(volume.name(), e);
        }
        undo.push(() -> detachAll(target));
        LOG.log(Level.DEBUG, "pod {0}: volume {1} id-mapped from {2} at {3}", podUid, volume.name(), source, target);
        return source;
    }

    private void writeRuntimeSpec(PodAssignment pod, Map<String, Path> sources, Deque<Undo> undo) {
        Path file = layout.runtimeSpecFile(pod.podUid());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        String json = RuntimeSpecFragment.toJson(pod, layout.usernsFile(pod.podUid()), sources);
        try {
            // Written aside and renamed, so that a scan after a crash never sees half a fragment.
            Files.writeString(partial, json, StandardCharsets.UTF_8);
            undo.push(() -> Files.deleteIfExists(partial));
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            undo.push(() -> Files.deleteIfExists(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static PodApplyException asApplyFailure(UUID podUid, RuntimeException e) {
        if (e instanceof PodApplyException failure) {
            return failure;
        }
        if (e instanceof VolumeFailure failure) {
            return new PodApplyException(
                    podUid, Kind.KERNEL, List.of("volume " + failure.volume + ": " + e.getMessage()), e.getCause());
        }
        if (e instanceof KernelException || e instanceof UserNamespaceException || e instanceof UncheckedIOException) {
            return new PodApplyException(podUid, Kind.KERNEL, List.of(e.getMessage()), e);
        }
        // A bug rather than a kernel answer; it is reported the same way so that the rollback still runs first.
        return new PodApplyException(podUid, Kind.KERNEL, List.of("unexpected failure: " + e), e);
    }

    private static void rollBack(UUID podUid, Deque<Undo> undo, PodApplyException failure) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            LOG.log(
                    Level.WARNING,
                    "pod {0}: rollback after a failed apply left state behind; revoke the pod to retry the cleanup",
                    podUid,
                    failure);
        }
    }

    /**
     * Removes everything the node holds for {@code podUid}: mounts under its mount directory, its pinned namespace,
     * its runtime-spec fragment and its directories. Revoking a pod the node does not hold does nothing.
     *
     * @throws PodRevokeException naming what could not be removed; the rest is gone
     */
    public synchronized void revoke(UUID podUid) {
        List<String> leftovers = new ArrayList<>();
        List<Exception> causes = new ArrayList<>();

        Path mountDir = layout.podMountDir(podUid);
        attempt(() -> detachAll(mountDir), "mounts under " + mountDir, leftovers, causes);
        attempt(() -> deleteEmptyTree(mountDir), "directory " + mountDir, leftovers, causes);
        Path usernsFile = layout.usernsFile(podUid);
        attempt(() -> UserNamespaces.unpin(usernsFile), "pinned namespace " + usernsFile, leftovers, causes);
        Path spec = layout.runtimeSpecFile(podUid);
        attempt(() -> Files.deleteIfExists(spec), "file " + spec, leftovers, causes);
        Path stateDir = layout.podStateDir(podUid);
        attempt(() -> Files.deleteIfExists(stateDir), "directory " + stateDir, leftovers, causes);

        if (!leftovers.isEmpty()) {
            throw new PodRevokeException(podUid, leftovers, causes);
        }
        LOG.log(Level.INFO, "pod {0}: revoked", podUid);
    }

    private static void attempt(Undo step, String what, List<String> leftovers, List<Exception> causes) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            leftovers.add(what + " left in place: " + e.getMessage());
            causes.add(e);
        }
    }

    /**
     * Lists every pod the node holds any kernel state for: a directory or mount under the mount root, or a directory
     * under {@code <stateDir>/pods}. Entries whose name is not a UUID are not uidalloc's and are ignored.
     */
    public synchronized List<PodKernelState> scan() {
        List<MountInfo> mounts = MountTable.read();
        TreeSet<UUID> podUids = new TreeSet<>();
        podUids.addAll(uuidEntries(layout.podsDir()));
        podUids.addAll(uuidEntries(layout.mountRoot()));
        for (MountInfo mount : mounts) {
            if (mount.mountPoint().startsWith(layout.mountRoot())
                    && !mount.mountPoint().equals(layout.mountRoot())) {
                parseUuid(layout.mountRoot()
                                .relativize(mount.mountPoint())
                                .getName(0)
                                .toString())
                        .ifPresent(podUids::add);
            }
        }
        return podUids.stream().map(podUid -> stateOf(podUid, mounts)).toList();
    }

    private PodKernelState stateOf(UUID podUid) {
        return stateOf(podUid, MountTable.read());
    }

    private PodKernelState stateOf(UUID podUid, List<MountInfo> mounts) {
        Path mountDir = layout.podMountDir(podUid);
        Path usernsFile = layout.usernsFile(podUid);
        List<MountedVolume> volumes = mounts.stream()
                .filter(mount -> mount.mountPoint().startsWith(mountDir)
                        && !mount.mountPoint().equals(mountDir))
                .map(mount -> new MountedVolume(
                        mountDir.relativize(mount.mountPoint()).getName(0).toString(), mount))
                .toList();
        boolean pinned = mounts.stream().anyMatch(mount -> mount.mountPoint().equals(usernsFile));
        Path spec = layout.runtimeSpecFile(podUid);
        Optional<IdRange> range = readSpec(spec).flatMap(RuntimeSpecFragment::hostRangeOf);
        return new PodKernelState(podUid, pinned, volumes, range, Files.exists(spec, LinkOption.NOFOLLOW_LINKS));
    }

    private static Optional<String> readSpec(Path spec) {
        try {
            return Optional.of(Files.readString(spec, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<UUID> uuidEntries(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<UUID> uuids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(entry -> parseUuid(entry.getFileName().toString()).ifPresent(uuids::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return uuids;
    }

    private static Optional<UUID> parseUuid(String name) {
        try {
            UUID uuid = UUID.fromString(name);
            // UUID.fromString accepts short forms such as "1-2-3-4-5"; only the canonical spelling is a pod directory.
            return uuid.toString().equals(name) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Detaches every mount at or below {@code path}, deepest first, until none is left (mounts can be stacked). */
    private static void detachAll(Path path) {
        List<Path> mountPoints = mountPointsUnder(path);
        while (!mountPoints.isEmpty()) {
            for (Path mountPoint : mountPoints) {
                Mounts.detach(mountPoint);
            }
            mountPoints = mountPointsUnder(path);
        }
    }

    private static List<Path> mountPointsUnder(Path path) {
        return MountTable.read().stream()
                .map(MountInfo::mountPoint)
                .filter(mountPoint -> mountPoint.startsWith(path))
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .distinct()
                .collect(Collectors.toList());
    }

    /**
     * Deletes {@code directory}, its empty subdirectories and the empty files in them; anything else makes the delete
     * fail, leaving data in place. Call only after {@link #detachAll}, so nothing below is a mount.
     */
    private static void deleteEmptyTree(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    deleteEmptyTree(entry);
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && Files.size(entry) == 0) {
                    Files.delete(entry);
                }
            }
        }
        Files.delete(directory);
    }

    private static void createDirectory(Path directory, String mode, Deque<Undo> undo) {
        try {
            // The mode is given explicitly rather than left to the umask, and set outside it.
            Files.createDirectory(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + directory, e);
        }
        undo.push(() -> Files.deleteIfExists(directory));
    }

    private static void createEmptyFile(Path file, Deque<Undo> undo) {
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create mount target " + file, e);
        }
        undo.push(() -> Files.deleteIfExists(file));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path, e);
        }
    }

    /** One step of rolling back or revoking. */
    @FunctionalInterface
    private interface Undo {
        void run() throws IOException;
    }

    /** Carries the volume name from the mount step to the failure report. */
    private static final class VolumeFailure extends RuntimeException {
        private final String volume;

        VolumeFailure(String volume, KernelException cause) {
            super(cause.getMessage(), cause);
            this.volume = volume;
        }
    }
}
