package io.uidalloc.node;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A volume of a pod that the node id-maps for it.
 *
 * @param name volume name, a DNS label; it becomes a directory name under the mount root
 * @param hostPath the directory (or file) on this node holding the volume's data
 * @param containerPath where the container sees it
 * @param readOnly whether the container may only read it
 */
public record PodVolume(String name, Path hostPath, String containerPath, boolean readOnly) {

    public PodVolume {
        Objects.requireNonNull(name, "'name' must not be null");
        Objects.requireNonNull(hostPath, "'hostPath' must not be null");
        Objects.requireNonNull(containerPath, "'containerPath' must not be null");
    }
}
