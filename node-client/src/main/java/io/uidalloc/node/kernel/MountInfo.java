package io.uidalloc.node.kernel;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One line of {@code /proc/PID/mountinfo} (see {@code proc_pid_mountinfo(5)}), with octal escapes in paths decoded.
 *
 * @param mountId unique ID of the mount
 * @param parentId ID of the parent mount
 * @param device {@code major:minor} of the filesystem's device
 * @param root the directory of the filesystem that forms the root of this mount
 * @param mountPoint where the mount is attached, relative to the reading process's root
 * @param mountOptions per-mount options; {@code idmapped} appears here
 * @param optionalFields propagation tags such as {@code shared:1}
 * @param fsType filesystem type, e.g. {@code ext4} or {@code nsfs}
 * @param source filesystem-specific source, e.g. {@code /dev/loop0} or {@code tmpfs}
 * @param superOptions per-superblock options
 */
public record MountInfo(
        int mountId,
        int parentId,
        String device,
        String root,
        Path mountPoint,
        Set<String> mountOptions,
        List<String> optionalFields,
        String fsType,
        String source,
        Set<String> superOptions) {

    /** Whether the mount maps IDs through a user namespace. */
    public boolean idmapped() {
        return mountOptions.contains("idmapped");
    }

    /** Whether the mount is read-only at the mount level. */
    public boolean readOnly() {
        return mountOptions.contains("ro");
    }
}
