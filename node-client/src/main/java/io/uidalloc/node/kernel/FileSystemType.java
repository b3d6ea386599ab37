package io.uidalloc.node.kernel;

import static io.uidalloc.node.kernel.internal.KernelConstants.BTRFS_SUPER_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.CEPH_SUPER_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.EXT4_SUPER_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.FUSE_SUPER_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.NFS_SUPER_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.NSFS_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.OVERLAYFS_SUPER_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.PROC_SUPER_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.RAMFS_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.SYSFS_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.TMPFS_MAGIC;
import static io.uidalloc.node.kernel.internal.KernelConstants.XFS_SUPER_MAGIC;

import java.util.Arrays;
import java.util.Optional;

/**
 * The filesystems uidalloc recognises by their {@code statfs} magic, and the Linux version since which each one
 * accepts id-mapped mounts ({@code mount_setattr(2)}, NOTES). A filesystem without such a version never does.
 */
public enum FileSystemType {
    /** ext2, ext3 and ext4 share one magic; all are served by the ext4 driver. */
    EXT4("ext4", EXT4_SUPER_MAGIC, new KernelVersion(5, 12, 0)),
    XFS("xfs", XFS_SUPER_MAGIC, new KernelVersion(5, 12, 0)),
    BTRFS("btrfs", BTRFS_SUPER_MAGIC, new KernelVersion(5, 15, 0)),
    OVERLAY("overlay", OVERLAYFS_SUPER_MAGIC, new KernelVersion(5, 19, 0)),
    TMPFS("tmpfs", TMPFS_MAGIC, new KernelVersion(6, 3, 0)),
    CEPH("ceph", CEPH_SUPER_MAGIC, new KernelVersion(6, 7, 0)),
    NFS("nfs", NFS_SUPER_MAGIC, null),
    RAMFS("ramfs", RAMFS_MAGIC, null),
    PROC("proc", PROC_SUPER_MAGIC, null),
    SYSFS("sysfs", SYSFS_MAGIC, null),
    /** FUSE filesystems can opt in (FUSE_ALLOW_IDMAP, 6.12) per daemon; statfs cannot tell, so uidalloc refuses. */
    FUSE("fuse", FUSE_SUPER_MAGIC, null),
    NSFS("nsfs", NSFS_MAGIC, null);

    private final String fsName;
    private final long magic;
    private final KernelVersion idmapSince;

    FileSystemType(String fsName, long magic, KernelVersion idmapSince) {
        this.fsName = fsName;
        this.magic = magic;
        this.idmapSince = idmapSince;
    }

    /** The type whose magic number {@code statfs} reports as {@code f_type}, if uidalloc knows it. */
    public static Optional<FileSystemType> ofMagic(long magic) {
        return Arrays.stream(values()).filter(type -> type.magic == magic).findFirst();
    }

    /** The name as {@code /proc/mounts} shows it. */
    public String fsName() {
        return fsName;
    }

    /** The {@code f_type} magic number from {@code include/uapi/linux/magic.h}. */
    public long magic() {
        return magic;
    }

    /** The first Linux version whose driver accepts id-mapped mounts, or empty when none does. */
    public Optional<KernelVersion> idmapSince() {
        return Optional.ofNullable(idmapSince);
    }

    /**
     * Whether {@code mountinfoType}, the type column of {@code /proc/self/mountinfo}, names this filesystem; FUSE and
     * NFS appear as {@code fuse.NAME}, {@code fuseblk} and {@code nfs4}.
     */
    public boolean matchesMountType(String mountinfoType) {
        return switch (this) {
            case FUSE ->
                mountinfoType.equals("fuse") || mountinfoType.equals("fuseblk") || mountinfoType.startsWith("fuse.");
            case NFS -> mountinfoType.equals("nfs") || mountinfoType.equals("nfs4");
            default -> mountinfoType.equals(fsName);
        };
    }

    /** Whether a kernel of version {@code running} id-maps mounts of this filesystem. */
    public boolean supportsIdmapOn(KernelVersion running) {
        return idmapSince != null && running.isAtLeast(idmapSince);
    }
}
