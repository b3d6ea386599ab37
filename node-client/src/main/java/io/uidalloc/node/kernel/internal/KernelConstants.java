package io.uidalloc.node.kernel.internal;

/** Numbers from the kernel's UAPI headers, each with the header it comes from. */
public final class KernelConstants {

    // System call numbers. Since pidfd_send_signal (424) new calls share one number on every architecture except
    // alpha; these are the x86-64 and arm64 values (arch/x86/entry/syscalls/syscall_64.tbl,
    // include/uapi/asm-generic/unistd.h).
    public static final long SYS_OPEN_TREE = 428;
    public static final long SYS_MOVE_MOUNT = 429;
    public static final long SYS_MOUNT_SETATTR = 442;

    /** include/uapi/linux/fcntl.h: "current working directory" for the *at() calls. */
    public static final long AT_FDCWD = -100;

    /** include/uapi/linux/fcntl.h: operate on the descriptor itself when the path is empty. */
    public static final long AT_EMPTY_PATH = 0x1000;

    /** include/uapi/linux/fcntl.h: apply to the whole mount subtree. */
    public static final long AT_RECURSIVE = 0x8000;

    /** include/uapi/asm-generic/fcntl.h. */
    public static final int O_RDONLY = 0;

    /** include/uapi/asm-generic/fcntl.h (octal 02000000). */
    public static final int O_CLOEXEC = 0x80000;

    /** include/uapi/linux/mount.h: clone the mount instead of referring to it. */
    public static final long OPEN_TREE_CLONE = 1;

    /** include/uapi/linux/mount.h: defined as O_CLOEXEC. */
    public static final long OPEN_TREE_CLOEXEC = O_CLOEXEC;

    /** include/uapi/linux/mount.h: the source is the descriptor itself. */
    public static final long MOVE_MOUNT_F_EMPTY_PATH = 0x00000004;

    /** include/uapi/linux/mount.h. */
    public static final long MOUNT_ATTR_RDONLY = 0x00000001;

    /** include/uapi/linux/mount.h: map IDs through the user namespace in {@code mount_attr.userns_fd}. */
    public static final long MOUNT_ATTR_IDMAP = 0x00100000;

    /** include/uapi/linux/fs.h. */
    public static final long MS_BIND = 4096;

    /** include/linux/fs.h (umount2(2)): lazy unmount, the mount disappears from the namespace at once. */
    public static final int MNT_DETACH = 2;

    // Filesystem magic numbers, include/uapi/linux/magic.h.
    public static final long EXT4_SUPER_MAGIC = 0xEF53L;
    public static final long XFS_SUPER_MAGIC = 0x58465342L;
    public static final long BTRFS_SUPER_MAGIC = 0x9123683EL;
    public static final long TMPFS_MAGIC = 0x01021994L;
    public static final long OVERLAYFS_SUPER_MAGIC = 0x794C7630L;
    public static final long CEPH_SUPER_MAGIC = 0x00C36400L;
    public static final long NFS_SUPER_MAGIC = 0x6969L;
    public static final long RAMFS_MAGIC = 0x858458F6L;
    public static final long PROC_SUPER_MAGIC = 0x9FA0L;
    public static final long SYSFS_MAGIC = 0x62656572L;
    public static final long FUSE_SUPER_MAGIC = 0x65735546L;
    public static final long NSFS_MAGIC = 0x6E736673L;

    /** include/uapi/linux/capability.h. */
    public static final int CAP_SYS_ADMIN = 21;

    private KernelConstants() {}
}
