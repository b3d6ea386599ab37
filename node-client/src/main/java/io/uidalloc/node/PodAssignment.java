package io.uidalloc.node;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the node must set up for one pod: its block of host IDs and the volumes to id-map through it. Events from the
 * allocator are mapped onto this record; the kernel layer knows nothing else about them.
 *
 * @param podUid the pod's UID, the key of all its state on the node
 * @param hostIdStart first host UID and GID of the pod's block; container ID 0 maps onto it
 * @param size number of IDs in the block, 65536 for Kubernetes pods
 * @param volumes volumes to id-map, in order
 */
public record PodAssignment(UUID podUid, long hostIdStart, long size, List<PodVolume> volumes) {

    public PodAssignment {
        Objects.requireNonNull(podUid, "'podUid' must not be null");
        volumes = List.copyOf(volumes);
    }

    /** The host IDs the pod's namespace maps onto. */
    public IdRange hostRange() {
        return new IdRange(hostIdStart, size);
    }
}
