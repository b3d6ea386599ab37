package io.uidalloc.node.kernel;

import static io.uidalloc.node.testing.KernelAssumptions.assumeIdmapOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uidalloc.node.testing.ScratchMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mount facade's error reporting on the real kernel, below the safety net of the filesystem check. */
class MountsKernelTest {

    @TempDir
    Path base;

    private ScratchMounts scratch;
    private Path pin;

    @BeforeEach
    void createNamespace() {
        assumeIdmapOn(FileSystemType.TMPFS);
        scratch = new ScratchMounts(base);
        pin = base.toAbsolutePath().resolve("userns");
        new UserNamespaces().createPinned(40 * 65536L, 65536, pin);
    }

    @AfterEach
    void removeEverything() {
        if (scratch != null) {
            scratch.close();
            UserNamespaces.unpin(pin);
        }
    }

    @Test
    void idmappingARamfsFailsWithEinvalNamingTheCallAndThePath() {
        Path ramfs = scratch.ramfs("ramfs");

        try (KernelFd userns = UserNamespaces.open(pin);
                KernelFd tree = Mounts.openTreeClone(ramfs)) {
            assertThatThrownBy(() -> Mounts.setIdmap(tree, userns, false, ramfs))
                    .isInstanceOfSatisfying(KernelException.class, e -> {
                        assertThat(e.getMessage())
                                .startsWith("mount_setattr(MOUNT_ATTR_IDMAP) on " + ramfs + " failed: EINVAL");
                        assertThat(e.errnoName()).isEqualTo("EINVAL");
                        assertThat(e.hint()).contains("the filesystem does not support id-mapped mounts");
                    });
        }
    }

    @Test
    void idmappingWithTheHostsOwnNamespaceIsRefusedWithEperm() {
        Path tmpfs = scratch.tmpfs("tmpfs");

        try (KernelFd hostNamespace = Descriptors.openReadOnly(Path.of("/proc/self/ns/user"));
                KernelFd tree = Mounts.openTreeClone(tmpfs)) {
            assertThatThrownBy(() -> Mounts.setIdmap(tree, hostNamespace, false, tmpfs))
                    .isInstanceOfSatisfying(
                            KernelException.class,
                            e -> assertThat(e.errnoName()).isEqualTo("EPERM"));
        }
    }

    /** Why the runtime-spec fragment names the original host path as the source of an idmap mount. */
    @Test
    void anIdmappedMountCannotBeIdmappedAgain() throws Exception {
        Path tmpfs = scratch.tmpfs("tmpfs");
        Path once = Files.createDirectory(base.resolve("once"));
        try (KernelFd userns = UserNamespaces.open(pin)) {
            Mounts.idmappedBind(tmpfs, once, userns, false);

            try (KernelFd tree = Mounts.openTreeClone(once)) {
                assertThatThrownBy(() -> Mounts.setIdmap(tree, userns, false, once))
                        .isInstanceOf(KernelException.class)
                        .hasMessageStartingWith("mount_setattr(MOUNT_ATTR_IDMAP) on " + once + " failed: EPERM");
            }
        }
    }

    @Test
    void openTreeOfAMissingPathFailsWithEnoent() {
        assertThatThrownBy(() -> Mounts.openTreeClone(base.resolve("missing")))
                .isInstanceOf(KernelException.class)
                .hasMessage("open_tree(OPEN_TREE_CLONE) on " + base.resolve("missing") + " failed: ENOENT");
    }

    @Test
    void closingADescriptorTwiceIsHarmless() {
        KernelFd userns = UserNamespaces.open(pin);

        userns.close();
        userns.close();

        assertThatThrownBy(userns::number).isInstanceOf(IllegalStateException.class);
    }
}
