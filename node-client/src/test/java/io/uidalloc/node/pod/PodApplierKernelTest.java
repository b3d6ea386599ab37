package io.uidalloc.node.pod;

import static io.uidalloc.node.testing.KernelAssumptions.assumeIdmapOn;
import static io.uidalloc.node.testing.KernelAssumptions.assumeMkfsExt4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uidalloc.node.IdRange;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import io.uidalloc.node.kernel.FileSystemType;
import io.uidalloc.node.kernel.FileSystems;
import io.uidalloc.node.kernel.KernelFd;
import io.uidalloc.node.kernel.MountInfo;
import io.uidalloc.node.kernel.Mounts;
import io.uidalloc.node.kernel.UserNamespaces;
import io.uidalloc.node.safety.SafetyRules;
import io.uidalloc.node.testing.Commands;
import io.uidalloc.node.testing.ScratchMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Applies and revokes pods on the real kernel, with volumes on a fresh tmpfs and on a loop-mounted ext4 image. Each
 * test skips with its reason where the machine cannot run it (not root, no util-linux, kernel too old).
 */
class PodApplierKernelTest {

    /** The filesystems the volume data lives on. */
    enum Backing {
        TMPFS(FileSystemType.TMPFS),
        EXT4(FileSystemType.EXT4);

        final FileSystemType type;

        Backing(FileSystemType type) {
            this.type = type;
        }
    }

    private static final long HOST_ID_START = 20 * 65536L;
    private static final long SIZE = 65536;

    @TempDir
    Path base;

    private ScratchMounts scratch;
    private PodApplier applier;
    private Path volumeData;

    private void prepare(Backing backing) throws IOException {
        assumeIdmapOn(backing.type);
        if (backing == Backing.EXT4) {
            assumeMkfsExt4();
        }
        // The pod's root is an unprivileged host ID: it must be able to walk from / to the mount root.
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        scratch = new ScratchMounts(base);
        Path data = backing == Backing.TMPFS ? scratch.tmpfs("data") : scratch.ext4("data");
        volumeData = Files.createDirectory(data.resolve("volume"));
        Files.writeString(volumeData.resolve("owned-by-root"), "written by host root");

        PodLayout layout = PodLayout.create(base.resolve("mnt"), base.resolve("state"));
        SafetyRules rules = new SafetyRules(new IdRange(65536, 1000 * 65536L), List.of(base));
        applier = new PodApplier(layout, rules, new UserNamespaces(), new FileSystems());
    }

    @AfterEach
    void removeEverything() {
        if (applier != null) {
            applier.scan().forEach(state -> applier.revoke(state.podUid()));
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    private PodAssignment pod(PodVolume... volumes) {
        return new PodAssignment(UUID.randomUUID(), HOST_ID_START, SIZE, List.of(volumes));
    }

    private PodVolume volume(boolean readOnly) {
        return new PodVolume("data", volumeData, "/data", readOnly);
    }

    private Path mountedVolume(PodAssignment pod) {
        return applier.layout().volumeTarget(pod.podUid(), "data");
    }

    private String inPodNamespace(PodAssignment pod, String... command) {
        return Commands.output(podNamespaceCommand(pod, command));
    }

    private String[] podNamespaceCommand(PodAssignment pod, String... command) {
        String userns = applier.layout().usernsFile(pod.podUid()).toString();
        String[] prefix = {"nsenter", "--user=" + userns, "--setuid", "0", "--setgid", "0", "--"};
        return Stream.concat(Stream.of(prefix), Stream.of(command)).toArray(String[]::new);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void fileOwnedByRootOnDiskShowsAsThePodsFirstHostIdThroughTheMount(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(false));

        applier.apply(pod);

        Path file = mountedVolume(pod).resolve("owned-by-root");
        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo((int) HOST_ID_START);
        assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo((int) HOST_ID_START);
        assertThat(Files.getAttribute(volumeData.resolve("owned-by-root"), "unix:uid"))
                .isEqualTo(0);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void fileOwnedByRootOnDiskShowsAsRootFromInsideThePodsNamespace(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(false));

        applier.apply(pod);

        String file = mountedVolume(pod).resolve("owned-by-root").toString();
        assertThat(inPodNamespace(pod, "stat", "-c", "%u:%g", file)).isEqualTo("0:0");
        assertThat(inPodNamespace(pod, "cat", "/proc/self/uid_map")).matches("0\\s+" + HOST_ID_START + "\\s+" + SIZE);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void fileCreatedByThePodsRootLandsOnDiskAsRoot(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(false));
        applier.apply(pod);

        inPodNamespace(
                pod, "touch", mountedVolume(pod).resolve("created-in-pod").toString());

        Path onDisk = volumeData.resolve("created-in-pod");
        assertThat(Files.getAttribute(onDisk, "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(onDisk, "unix:gid")).isEqualTo(0);
        assertThat(Files.getAttribute(mountedVolume(pod).resolve("created-in-pod"), "unix:uid"))
                .isEqualTo((int) HOST_ID_START);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void mountinfoListsTheVolumeAsIdmappedAndTheScanFindsTheWholePod(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(false));

        applier.apply(pod);

        assertThat(applier.scan()).singleElement().satisfies(state -> {
            assertThat(state.matches(pod)).isTrue();
            assertThat(state.volumes()).singleElement().satisfies(volume -> {
                MountInfo mount = volume.mount();
                assertThat(mount.idmapped()).isTrue();
                assertThat(mount.readOnly()).isFalse();
                assertThat(mount.fsType()).isEqualTo(backing.type.fsName());
                assertThat(mount.mountPoint()).isEqualTo(mountedVolume(pod));
            });
        });
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void readOnlyVolumeRefusesWritesFromThePod(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(true));
        applier.apply(pod);

        Commands.Result write = Commands.run(podNamespaceCommand(
                pod, "touch", mountedVolume(pod).resolve("new").toString()));

        assertThat(write.exitCode()).isNotZero();
        assertThat(write.output()).contains("Read-only file system");
        assertThat(applier.scan().get(0).volumes().get(0).mount().readOnly()).isTrue();
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void revokeLeavesNoMountNoNamespaceNoHelperProcessAndNoDescriptor(Backing backing) throws IOException {
        prepare(backing);
        // A first round loads the classes and libraries whose files stay open for the JVM's lifetime.
        PodAssignment warmUp = pod(volume(false));
        applier.apply(warmUp);
        applier.revoke(warmUp.podUid());
        long descriptorsBefore = openDescriptors();
        List<Path> mountsBefore = scratch.mountPoints();

        PodAssignment pod = pod(volume(false));
        applier.apply(pod);
        applier.revoke(pod.podUid());

        assertThat(applier.scan()).isEmpty();
        assertThat(scratch.mountPoints()).isEqualTo(mountsBefore);
        assertThat(applier.layout().podMountDir(pod.podUid())).doesNotExist();
        assertThat(applier.layout().podStateDir(pod.podUid())).doesNotExist();
        assertThat(ProcessHandle.current().children()).isEmpty();
        assertThat(openDescriptors()).isEqualTo(descriptorsBefore);
        assertThat(volumeData.resolve("owned-by-root")).exists();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void revokingTwiceOrRevokingAnUnknownPodIsFine(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(false));
        applier.apply(pod);

        applier.revoke(pod.podUid());
        applier.revoke(pod.podUid());
        applier.revoke(UUID.randomUUID());

        assertThat(applier.scan()).isEmpty();
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void applyingAPodTwiceIsRefusedAndLeavesTheFirstApplyIntact(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(false));
        applier.apply(pod);

        assertThatThrownBy(() -> applier.apply(pod))
                .isInstanceOfSatisfying(
                        PodApplyException.class,
                        failure -> assertThat(failure.kind()).isEqualTo(PodApplyException.Kind.ALREADY_PRESENT));

        assertThat(applier.scan())
                .singleElement()
                .satisfies(state -> assertThat(state.matches(pod)).isTrue());
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void volumeOnRamfsIsRefusedByNameAndLeavesNothingBehind(Backing backing) throws IOException {
        prepare(backing);
        Path ramfs = scratch.ramfs("ramfs");
        PodAssignment pod = pod(new PodVolume("scratch", ramfs, "/scratch", false));

        assertThatThrownBy(() -> applier.apply(pod)).isInstanceOfSatisfying(PodApplyException.class, failure -> {
            assertThat(failure.kind()).isEqualTo(PodApplyException.Kind.UNSUPPORTED_FILESYSTEM);
            assertThat(failure.reasons())
                    .containsExactly(
                            "volume scratch: " + ramfs + " is on ramfs, which does not support id-mapped mounts");
        });

        assertNothingLeftFor(pod);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void failureAtTheSecondVolumeRollsBackTheFirstVolumeAndTheNamespace(Backing backing) throws IOException {
        prepare(backing);
        Path ramfs = scratch.ramfs("ramfs");
        PodAssignment pod = pod(volume(false), new PodVolume("scratch", ramfs, "/scratch", false));
        List<Path> mountsBefore = scratch.mountPoints();

        assertThatThrownBy(() -> applier.apply(pod))
                .isInstanceOf(PodApplyException.class)
                .hasMessageContaining("volume scratch: " + ramfs + " is on ramfs");

        assertNothingLeftFor(pod);
        assertThat(scratch.mountPoints()).isEqualTo(mountsBefore);
    }

    private void assertNothingLeftFor(PodAssignment pod) {
        assertThat(applier.scan()).isEmpty();
        assertThat(applier.layout().podMountDir(pod.podUid())).doesNotExist();
        assertThat(applier.layout().podStateDir(pod.podUid())).doesNotExist();
        assertThat(ProcessHandle.current().children()).isEmpty();
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void podWhoseRangeOverlapsAnAppliedPodIsRefused(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment first = pod(volume(false));
        applier.apply(first);
        PodAssignment second = new PodAssignment(UUID.randomUUID(), HOST_ID_START, SIZE, List.of());

        assertThatThrownBy(() -> applier.apply(second)).isInstanceOfSatisfying(PodApplyException.class, failure -> {
            assertThat(failure.kind()).isEqualTo(PodApplyException.Kind.REFUSED);
            assertThat(failure.reasons()).singleElement().asString().contains("overlaps pod " + first.podUid());
        });
        assertThat(applier.scan()).extracting(PodKernelState::podUid).containsExactly(first.podUid());
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backing.class)
    void scanFindsAPodLeftHalfAppliedByACrashAndRevokeRemovesIt(Backing backing) throws IOException {
        prepare(backing);
        PodAssignment pod = pod(volume(false));
        PodLayout layout = applier.layout();
        // What a crash between the volume mount and the runtime-spec fragment leaves: no fragment, no rollback.
        Files.createDirectory(layout.podStateDir(pod.podUid()));
        Files.createDirectory(layout.podMountDir(pod.podUid()));
        Path target = Files.createDirectory(layout.volumeTarget(pod.podUid(), "data"));
        new UserNamespaces().createPinned(HOST_ID_START, SIZE, layout.usernsFile(pod.podUid()));
        try (KernelFd userns = UserNamespaces.open(layout.usernsFile(pod.podUid()))) {
            Mounts.idmappedBind(volumeData, target, userns, false);
        }

        assertThat(applier.scan()).singleElement().satisfies(state -> {
            assertThat(state.podUid()).isEqualTo(pod.podUid());
            assertThat(state.namespacePinned()).isTrue();
            assertThat(state.volumeNames()).containsExactly("data");
            assertThat(state.runtimeSpecWritten()).isFalse();
            assertThat(state.matches(pod)).isFalse();
        });

        applier.revoke(pod.podUid());

        assertNothingLeftFor(pod);
        assertThat(volumeData.resolve("owned-by-root")).exists();
    }
}
