package io.uidalloc.contract;

/**
 * A host directory the node client mounts into the pod through an id-mapped mount, so that files keep their
 * in-container ownership on disk whatever block the pod holds.
 *
 * @param name the pod's name for the volume
 * @param hostPath absolute path of the directory on the node
 * @param containerPath absolute path where the pod sees it
 * @param readOnly whether the mount is read-only
 */
public record Volume(String name, String hostPath, String containerPath, boolean readOnly) {

    /** Rejects a volume without paths: the node could only fail on it later, with a less useful message. */
    public Volume {
        requireText(name, "name");
        requireText(hostPath, "hostPath");
        requireText(containerPath, "containerPath");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' of a volume must not be empty, got " + value);
        }
    }
}
