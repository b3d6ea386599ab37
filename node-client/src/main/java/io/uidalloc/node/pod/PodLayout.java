package io.uidalloc.node.pod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * Where a pod's kernel state lives on the node.
 *
 * <pre>
 * &lt;stateDir&gt;/pods/&lt;podUid&gt;/userns              empty file; the pod's user namespace is bind-mounted onto it
 * &lt;stateDir&gt;/pods/&lt;podUid&gt;/runtime-spec.json   OCI runtime-spec fragment, written last
 * &lt;mountRoot&gt;/&lt;podUid&gt;/&lt;volumeName&gt;          id-mapped mount of the volume's host path
 * </pre>
 *
 * Both roots are resolved to real paths once, because {@code /proc/self/mountinfo} reports mount points that way and
 * the scan compares against it.
 *
 * @param mountRoot directory holding the pods' id-mapped volume mounts
 * @param stateDir directory holding the pinned namespaces and runtime-spec fragments
 */
public record PodLayout(Path mountRoot, Path stateDir) {

    /** Mount directories may be traversed but not listed: a pod's root, a host ID, walks through them to its mount. */
    static final String MOUNT_DIRECTORY_MODE = "rwx--x--x";

    /** State directories hold the pinned namespaces; only root needs them. */
    static final String STATE_DIRECTORY_MODE = "rwx------";

    /**
     * Creates both roots if missing, with modes 0711 (mount root) and 0700 (state directory), and returns the layout
     * over their real paths.
     */
    public static PodLayout create(Path mountRoot, Path stateDir) {
        Path realMountRoot = createDirectories(mountRoot, MOUNT_DIRECTORY_MODE);
        Path realStateDir = createDirectories(stateDir, STATE_DIRECTORY_MODE);
        createDirectories(realStateDir.resolve("pods"), STATE_DIRECTORY_MODE);
        return new PodLayout(realMountRoot, realStateDir);
    }

    private static Path createDirectories(Path directory, String mode) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(mode));
            return directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + directory, e);
        }
    }

    /** {@code <stateDir>/pods}. */
    public Path podsDir() {
        return stateDir.resolve("pods");
    }

    /** {@code <stateDir>/pods/<podUid>}. */
    public Path podStateDir(UUID podUid) {
        return podsDir().resolve(podUid.toString());
    }

    /** {@code <stateDir>/pods/<podUid>/userns}: the pinned user namespace. */
    public Path usernsFile(UUID podUid) {
        return podStateDir(podUid).resolve("userns");
    }

    /** {@code <stateDir>/pods/<podUid>/runtime-spec.json}. */
    public Path runtimeSpecFile(UUID podUid) {
        return podStateDir(podUid).resolve("runtime-spec.json");
    }

    /** {@code <mountRoot>/<podUid>}. */
    public Path podMountDir(UUID podUid) {
        return mountRoot.resolve(podUid.toString());
    }

    /** {@code <mountRoot>/<podUid>/<volumeName>}. */
    public Path volumeTarget(UUID podUid, String volumeName) {
        return podMountDir(podUid).resolve(volumeName);
    }
}
