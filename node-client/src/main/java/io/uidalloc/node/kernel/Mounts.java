package io.uidalloc.node.kernel;

import static io.uidalloc.node.kernel.internal.KernelConstants.AT_EMPTY_PATH;
import static io.uidalloc.node.kernel.internal.KernelConstants.AT_FDCWD;
import static io.uidalloc.node.kernel.internal.KernelConstants.MNT_DETACH;
import static io.uidalloc.node.kernel.internal.KernelConstants.MOUNT_ATTR_IDMAP;
import static io.uidalloc.node.kernel.internal.KernelConstants.MOUNT_ATTR_RDONLY;
import static io.uidalloc.node.kernel.internal.KernelConstants.MOVE_MOUNT_F_EMPTY_PATH;
import static io.uidalloc.node.kernel.internal.KernelConstants.MS_BIND;
import static io.uidalloc.node.kernel.internal.KernelConstants.OPEN_TREE_CLOEXEC;
import static io.uidalloc.node.kernel.internal.KernelConstants.OPEN_TREE_CLONE;
import static io.uidalloc.node.kernel.internal.KernelConstants.SYS_MOUNT_SETATTR;
import static io.uidalloc.node.kernel.internal.KernelConstants.SYS_MOVE_MOUNT;
import static io.uidalloc.node.kernel.internal.KernelConstants.SYS_OPEN_TREE;

import com.sun.jna.Memory;
import io.uidalloc.node.kernel.internal.LibC;
import io.uidalloc.node.kernel.internal.MountAttr;
import java.nio.file.Path;

/**
 * Mount calls: the new mount API for id-mapped mounts, plus {@code mount(2)} and {@code umount2(2)}.
 *
 * <p>An id-mapped mount is made in three steps, none of which touches the source mount:
 *
 * <ol>
 *   <li>{@code open_tree(OPEN_TREE_CLONE)} makes a detached copy of the source mount, held only by a descriptor. It is
 *       not recursive, so submounts under the source are not carried over (they may be on filesystems that cannot be
 *       id-mapped).
 *   <li>{@code mount_setattr(MOUNT_ATTR_IDMAP)} gives the copy the ID map of a user namespace. Only a detached copy
 *       that nobody has seen yet may be id-mapped, and only once.
 *   <li>{@code move_mount} attaches the copy at the target. If anything fails before, closing the descriptor makes the
 *       kernel drop the copy, so there is nothing to undo.
 * </ol>
 *
 * <p>All calls need CAP_SYS_ADMIN in the initial user namespace.
 */
public final class Mounts {

    private static final LibC LIBC = LibC.INSTANCE;

    private Mounts() {}

    /**
     * Makes {@code target} show {@code source} with IDs mapped through the user namespace {@code userns}: a file owned
     * by 0 on disk appears owned by the namespace's first host ID, and the namespace's root writes files owned by 0.
     */
    public static void idmappedBind(Path source, Path target, KernelFd userns, boolean readOnly) {
        try (KernelFd tree = openTreeClone(source)) {
            setIdmap(tree, userns, readOnly, source);
            moveMount(tree, target);
        }
    }

    /** {@code open_tree(AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)}: a detached copy of the mount. */
    public static KernelFd openTreeClone(Path source) {
        long fd = LIBC.syscall(SYS_OPEN_TREE, AT_FDCWD, source.toString(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        Syscalls.check(fd, "open_tree(OPEN_TREE_CLONE)", source);
        return new KernelFd((int) fd, source.toString());
    }

    /**
     * {@code mount_setattr(tree, "", AT_EMPTY_PATH, {attr_set = MOUNT_ATTR_IDMAP [| MOUNT_ATTR_RDONLY], userns_fd})}.
     *
     * @param source the path the tree was cloned from, for the error message
     */
    public static void setIdmap(KernelFd tree, KernelFd userns, boolean readOnly, Path source) {
        MountAttr attr = new MountAttr();
        attr.attr_set = MOUNT_ATTR_IDMAP | (readOnly ? MOUNT_ATTR_RDONLY : 0);
        attr.userns_fd = userns.number();
        attr.write();

        long result = LIBC.syscall(
                SYS_MOUNT_SETATTR, (long) tree.number(), "", AT_EMPTY_PATH, attr.getPointer(), (long) attr.size());
        Syscalls.check(
                result,
                readOnly ? "mount_setattr(MOUNT_ATTR_IDMAP|MOUNT_ATTR_RDONLY)" : "mount_setattr(MOUNT_ATTR_IDMAP)",
                source,
                Mounts::idmapHint);
    }

    private static String idmapHint(int errno) {
        return switch (errno) {
            case Syscalls.Errno.EINVAL -> "the filesystem does not support id-mapped mounts";
            case Syscalls.Errno.EPERM -> "the mount is already id-mapped, or the namespace is the host's own";
            default -> null;
        };
    }

    /** {@code move_mount(tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH)}: attaches a detached tree. */
    public static void moveMount(KernelFd tree, Path target) {
        long result = LIBC.syscall(
                SYS_MOVE_MOUNT, (long) tree.number(), "", AT_FDCWD, target.toString(), MOVE_MOUNT_F_EMPTY_PATH);
        Syscalls.check(result, "move_mount", target);
    }

    /** {@code mount(source, target, NULL, MS_BIND, NULL)}; for pinning a namespace file onto a regular file. */
    public static void bind(Path source, Path target) {
        Syscalls.check(LIBC.mount(source.toString(), target.toString(), null, MS_BIND, null), "mount(MS_BIND)", target);
    }

    /** {@code mount(fsType, target, fsType, 0, options)}: a new mount of a virtual filesystem such as tmpfs. */
    public static void mountVirtual(String fsType, Path target, String options) {
        Memory data = null;
        if (options != null) {
            data = new Memory(options.length() + 1L);
            data.setString(0, options, "US-ASCII");
        }
        Syscalls.check(LIBC.mount(fsType, target.toString(), fsType, 0, data), "mount(" + fsType + ")", target);
    }

    /** {@code umount2(target, MNT_DETACH)}: the mount leaves the tree at once, busy or not. */
    public static void detach(Path target) {
        Syscalls.check(LIBC.umount2(target.toString(), MNT_DETACH), "umount2(MNT_DETACH)", target);
    }
}
