package io.uidalloc.node.kernel.internal;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code struct mount_attr} from {@code include/uapi/linux/mount.h}: four {@code __u64}, 32 bytes
 * ({@code MOUNT_ATTR_SIZE_VER0}). Passed to {@code mount_setattr} by address together with {@link #size()}.
 */
@FieldOrder({"attr_set", "attr_clr", "propagation", "userns_fd"})
public final class MountAttr extends Structure {

    /** Mount attributes to set ({@code MOUNT_ATTR_*}). */
    public long attr_set;

    /** Mount attributes to clear ({@code MOUNT_ATTR_*}). */
    public long attr_clr;

    /** Propagation type ({@code MS_SHARED}, {@code MS_SLAVE}, ...), 0 to leave unchanged. */
    public long propagation;

    /** File descriptor of the user namespace whose map the mount takes, with {@code MOUNT_ATTR_IDMAP}. */
    public long userns_fd;
}
