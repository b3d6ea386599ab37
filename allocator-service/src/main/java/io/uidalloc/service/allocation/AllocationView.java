package io.uidalloc.service.allocation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An allocation as the REST API shows it. The maps have the shape of the container runtime interface's
 * {@code IDMapping}; one block serves both the UIDs and the GIDs of the pod.
 */
public record AllocationView(
        UUID podUid,
        String tenant,
        String namespace,
        String podName,
        String node,
        long block,
        long hostIdStart,
        long size,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        List<VolumeMount> volumes,
        String stableKey,
        AllocationState state,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant releasedAt) {

    /** Container IDs from {@code containerId} map to host IDs from {@code hostId}, {@code size} of them. */
    public record IdMapping(long containerId, long hostId, long size) {}

    public static AllocationView of(Allocation allocation, String tenant) {
        List<IdMapping> map = List.of(new IdMapping(0, allocation.hostIdStart(), allocation.size()));
        return new AllocationView(
                allocation.podUid(),
                tenant,
                allocation.namespace(),
                allocation.podName(),
                allocation.node(),
                allocation.block(),
                allocation.hostIdStart(),
                allocation.size(),
                map,
                map,
                allocation.volumes(),
                allocation.stableKey(),
                allocation.state(),
                allocation.failureReason(),
                allocation.createdAt(),
                allocation.updatedAt(),
                allocation.releasedAt());
    }
}
