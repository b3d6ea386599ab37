package io.uidalloc.contract;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a node client reports about itself at each heartbeat: the kernel capabilities it probed at start-up and the
 * pods it currently holds blocks for, so the service can detect drift between desired and actual state.
 *
 * @param kernelVersion the node's kernel release, as in {@code uname -r}
 * @param userNamespaces whether the kernel lets the node create user namespaces for pods
 * @param idmappedMounts whether the kernel supports {@code mount_setattr(MOUNT_ATTR_IDMAP)} at all (Linux 5.12+)
 * @param idmapSupport per filesystem name ({@code ext4}, {@code xfs}, {@code btrfs}, {@code tmpfs}, {@code overlay},
 *     {@code ceph}), whether an id-mapped mount of it worked on this node
 * @param heldPods UIDs of the pods the node currently holds a block for
 * @param appliedSequence the highest assignment sequence the node has applied
 * @param dryRun whether the node only logs what it would do
 */
public record Heartbeat(
        String kernelVersion,
        boolean userNamespaces,
        boolean idmappedMounts,
        Map<String, Boolean> idmapSupport,
        List<UUID> heldPods,
        long appliedSequence,
        boolean dryRun) {

    /** Copies the collections; the filesystem map is kept sorted so the same heartbeat always encodes the same. */
    public Heartbeat {
        idmapSupport = idmapSupport == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(idmapSupport));
        heldPods = heldPods == null ? List.of() : List.copyOf(heldPods);
    }
}
