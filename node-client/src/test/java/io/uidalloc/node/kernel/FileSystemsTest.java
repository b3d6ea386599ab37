package io.uidalloc.node.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileSystemsTest {

    @Test
    void procAndSysfsAreRecognisedByTheirStatfsMagic() {
        assertThat(FileSystems.typeOf(Path.of("/proc"))).contains(FileSystemType.PROC);
        assertThat(FileSystems.typeOf(Path.of("/sys"))).contains(FileSystemType.SYSFS);
    }

    @Test
    void volumeOnProcIsRefusedNamingTheFilesystem() {
        FileSystems fileSystems = new FileSystems(new KernelVersion(6, 18, 0));

        assertThat(fileSystems.idmapRefusal("data", Path.of("/proc")))
                .contains("volume data: /proc is on proc, which does not support id-mapped mounts");
    }

    private static void assumeDevShmIsTmpfs() {
        assumeThat(FileSystems.typeOf(Path.of("/dev/shm")))
                .as("needs /dev/shm mounted as tmpfs")
                .contains(FileSystemType.TMPFS);
    }

    @Test
    void filesystemIsRefusedOnAKernelOlderThanItsSupport() {
        assumeDevShmIsTmpfs();
        FileSystems fileSystems = new FileSystems(new KernelVersion(6, 1, 0));

        assertThat(fileSystems.idmapRefusal("cache", Path.of("/dev/shm")))
                .contains("volume cache: /dev/shm is on tmpfs, which supports id-mapped mounts since Linux 6.3;"
                        + " this node runs 6.1");
    }

    @Test
    void filesystemIsAcceptedOnAKernelThatSupportsIt() {
        assumeDevShmIsTmpfs();
        FileSystems fileSystems = new FileSystems(new KernelVersion(6, 3, 0));

        assertThat(fileSystems.idmapRefusal("cache", Path.of("/dev/shm"))).isEmpty();
    }

    @Test
    void supportTableHoldsTheVersionsOfMountSetattrNotes() {
        assertThat(FileSystemType.EXT4.idmapSince()).contains(new KernelVersion(5, 12, 0));
        assertThat(FileSystemType.XFS.idmapSince()).contains(new KernelVersion(5, 12, 0));
        assertThat(FileSystemType.BTRFS.idmapSince()).contains(new KernelVersion(5, 15, 0));
        assertThat(FileSystemType.OVERLAY.idmapSince()).contains(new KernelVersion(5, 19, 0));
        assertThat(FileSystemType.TMPFS.idmapSince()).contains(new KernelVersion(6, 3, 0));
        assertThat(FileSystemType.CEPH.idmapSince()).contains(new KernelVersion(6, 7, 0));
        assertThat(FileSystemType.NFS.idmapSince()).isEmpty();
        assertThat(FileSystemType.ofMagic(0x6969)).contains(FileSystemType.NFS);
        assertThat(FileSystemType.ofMagic(0x12345678)).isEmpty();
    }

    @Test
    void mountinfoTypeNamesOfFuseAndNfsVariantsAreRecognised() {
        assertThat(FileSystemType.FUSE.matchesMountType("fuse.sshfs")).isTrue();
        assertThat(FileSystemType.NFS.matchesMountType("nfs4")).isTrue();
        assertThat(FileSystemType.EXT4.matchesMountType("ext3")).isFalse();
    }

    @Test
    void statfsOfAMissingPathNamesTheCallThePathAndTheErrno() {
        assertThatThrownBy(() -> FileSystems.magicOf(Path.of("/nonexistent/uidalloc")))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e).hasMessage("statfs on /nonexistent/uidalloc failed: ENOENT");
                    assertThat(e.errnoName()).isEqualTo("ENOENT");
                    assertThat(e.syscall()).isEqualTo("statfs");
                });
    }
}
