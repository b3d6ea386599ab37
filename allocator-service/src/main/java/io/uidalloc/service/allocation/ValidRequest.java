package io.uidalloc.service.allocation;

import java.util.List;
import java.util.UUID;

/** An allocation request that passed validation, in the service's own types. */
record ValidRequest(
        UUID podUid, String namespace, String podName, String node, List<VolumeMount> volumes, String stableKey) {

    /** Whether an existing allocation was made by this same request, so repeating the request is harmless. */
    boolean sameAs(Allocation allocation) {
        return allocation.podUid().equals(podUid)
                && allocation.namespace().equals(namespace)
                && allocation.podName().equals(podName)
                && allocation.node().equals(node)
                && allocation.volumes().equals(volumes)
                && java.util.Objects.equals(allocation.stableKey(), stableKey);
    }
}
