package io.uidalloc.node.features;

import io.uidalloc.node.kernel.KernelVersion;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@link FeatureProbe} found.
 *
 * @param kernelRelease the release string from {@code uname(2)}
 * @param kernelVersion the parsed version
 * @param capSysAdmin whether the process holds CAP_SYS_ADMIN
 * @param userNamespaces whether a user namespace could be created, mapped and pinned
 * @param idmappedMounts whether an id-mapped mount of a tmpfs showed mapped ownership
 * @param filesystems per filesystem name, what the kernel version promises and what probing showed
 */
public record Features(
        String kernelRelease,
        KernelVersion kernelVersion,
        boolean capSysAdmin,
        Probe userNamespaces,
        Probe idmappedMounts,
        Map<String, FilesystemSupport> filesystems) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The outcome of trying something.
     *
     * @param enabled whether it worked
     * @param detail what was tried, or why it failed
     */
    public record Probe(boolean enabled, String detail) {

        static Probe yes(String detail) {
            return new Probe(true, detail);
        }

        static Probe no(String reason) {
            return new Probe(false, reason);
        }
    }

    /**
     * Id-mapped mount support of one filesystem.
     *
     * @param idmapSince first Linux version that supports it, empty if none does
     * @param supportedByKernel whether the running kernel's version is at least {@code idmapSince}
     * @param probe the outcome of id-mapping a mount of it, empty when none was probed
     */
    public record FilesystemSupport(
            Optional<KernelVersion> idmapSince, boolean supportedByKernel, Optional<Probe> probe) {}

    /** The report as pretty-printed JSON. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("kernel").put("release", kernelRelease).put("version", kernelVersion.toString());
        root.putObject("capabilities").put("CAP_SYS_ADMIN", capSysAdmin);
        put(root.putObject("userNamespaces"), userNamespaces);
        put(root.putObject("idmappedMounts"), idmappedMounts);

        ObjectNode byName = root.putObject("filesystems");
        filesystems.forEach((name, support) -> {
            ObjectNode node = byName.putObject(name);
            node.put(
                    "idmapSince",
                    support.idmapSince().map(KernelVersion::toString).orElse(null));
            node.put("supportedByKernel", support.supportedByKernel());
            support.probe().ifPresentOrElse(probe -> put(node.putObject("probe"), probe), () -> node.putNull("probe"));
        });
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void put(ObjectNode node, Probe probe) {
        node.put("enabled", probe.enabled()).put("detail", probe.detail());
    }
}
