package io.uidalloc.node.pod;

import io.uidalloc.node.IdRange;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of an OCI runtime-spec 1.2 {@code config.json} that a pod's runtime needs from uidalloc: the user
 * namespace (by path, so the runtime joins the pinned one instead of creating its own), its ID maps, and one bind mount
 * per volume.
 *
 * <p>Each mount names the volume's original host path as {@code source}, with the {@code idmap} option and the pod's
 * maps, so that the runtime (runc >= 1.2, crun >= 1.9) makes its own id-mapped mount from it. The id-mapped mount under
 * the mount root is not the source: the kernel refuses to id-map a mount a second time, and a mapping applied twice
 * would shift IDs twice anyway. That mount stays as the node's proof that the volume can be id-mapped with the pod's
 * namespace, and as an inspectable view of what the pod sees. Only a runtime without idmap support would bind-mount it
 * instead, without the {@code idmap} option and without mount mappings.
 */
public final class RuntimeSpecFragment {

    /** The runtime-spec version that introduced mount {@code uidMappings} and the {@code idmap} option. */
    public static final String OCI_VERSION = "1.2.0";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RuntimeSpecFragment() {}

    /**
     * The fragment for {@code pod} as JSON.
     *
     * @param usernsFile the file the pod's namespace is pinned on
     * @param sources each volume's resolved host path, by volume name
     */
    public static String toJson(PodAssignment pod, Path usernsFile, Map<String, Path> sources) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("ociVersion", OCI_VERSION);

        ObjectNode linux = spec.putObject("linux");
        addMappings(linux, pod);
        linux.putArray("namespaces").addObject().put("type", "user").put("path", usernsFile.toString());

        ArrayNode mounts = spec.putArray("mounts");
        for (PodVolume volume : pod.volumes()) {
            ObjectNode mount = mounts.addObject();
            mount.put("destination", volume.containerPath());
            mount.put("type", "bind");
            mount.put(
                    "source",
                    sources.getOrDefault(volume.name(), volume.hostPath()).toString());
            ArrayNode options = mount.putArray("options").add("rbind").add("idmap");
            if (volume.readOnly()) {
                options.add("ro");
            }
            addMappings(mount, pod);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec);
    }

    private static void addMappings(ObjectNode owner, PodAssignment pod) {
        for (String field : new String[] {"uidMappings", "gidMappings"}) {
            owner.putArray(field)
                    .addObject()
                    .put("containerID", 0)
                    .put("hostID", pod.hostIdStart())
                    .put("size", pod.size());
        }
    }

    /** The host range of {@code linux.uidMappings[0]} in a fragment, empty if it has none or is not JSON. */
    public static Optional<IdRange> hostRangeOf(String json) {
        try {
            JsonNode mapping =
                    JSON.readTree(json).path("linux").path("uidMappings").path(0);
            if (!mapping.path("hostID").isIntegralNumber()
                    || !mapping.path("size").isIntegralNumber()) {
                return Optional.empty();
            }
            return Optional.of(new IdRange(
                    mapping.get("hostID").asLong(), mapping.get("size").asLong()));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
