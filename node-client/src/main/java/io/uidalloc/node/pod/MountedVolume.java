package io.uidalloc.node.pod;

import io.uidalloc.node.kernel.MountInfo;

/**
 * A mount found under a pod's directory in the mount root.
 *
 * @param name the volume name: the directory under {@code <mountRoot>/<podUid>}
 * @param mount the mount as {@code /proc/self/mountinfo} lists it
 */
public record MountedVolume(String name, MountInfo mount) {

    /** Whether the mount maps IDs, as every volume mount made by uidalloc does. */
    public boolean idmapped() {
        return mount.idmapped();
    }
}
