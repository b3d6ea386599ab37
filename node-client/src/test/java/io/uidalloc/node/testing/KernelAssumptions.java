package io.uidalloc.node.testing;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.uidalloc.node.kernel.Capabilities;
import io.uidalloc.node.kernel.FileSystemType;
import io.uidalloc.node.kernel.KernelVersion;
import java.nio.file.Files;
import java.nio.file.Path;

/** Skips, with the reason, a test that needs privileges or kernel features this machine lacks. */
public final class KernelAssumptions {

    private KernelAssumptions() {}

    /** CAP_SYS_ADMIN, which mounts and pinning need. */
    public static void assumeSysAdmin() {
        assumeThat(Capabilities.hasSysAdmin())
                .as("needs CAP_SYS_ADMIN (run the build as root) to mount and to write ID maps")
                .isTrue();
    }

    /** CAP_SYS_ADMIN plus the util-linux tools the helper and the checks run. */
    public static void assumeUserNamespaceTools() {
        assumeSysAdmin();
        for (String tool : new String[] {"unshare", "nsenter"}) {
            assumeThat(onPath(tool))
                    .as("needs util-linux '" + tool + "' on PATH to create and enter user namespaces")
                    .isTrue();
        }
    }

    /** Everything above, and a kernel that id-maps {@code type}. */
    public static void assumeIdmapOn(FileSystemType type) {
        assumeUserNamespaceTools();
        KernelVersion running = KernelVersion.running();
        assumeThat(type.supportsIdmapOn(running))
                .as("needs Linux " + type.idmapSince().orElse(null) + " or later to id-map " + type.fsName()
                        + ", this is " + running)
                .isTrue();
    }

    /** {@code mkfs.ext4} for loop-mounted ext4 images. */
    public static void assumeMkfsExt4() {
        assumeThat(onPath("mkfs.ext4"))
                .as("needs e2fsprogs' mkfs.ext4 to make an ext4 image")
                .isTrue();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
