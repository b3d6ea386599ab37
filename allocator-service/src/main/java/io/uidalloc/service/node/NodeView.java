package io.uidalloc.service.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node as the service knows it: liveness, what its client reported it can do, and where it differs from what was
 * allocated to it.
 *
 * @param lastSequence the node's latest event sequence
 * @param appliedSequence the sequence the node's client had applied at its last heartbeat
 * @param podsHeld pods the node's client held at its last heartbeat
 * @param podsAllocated pods allocated to the node now (pending, active or being released)
 * @param drift the differences found at the last heartbeat that could be compared
 */
public record NodeView(
        String name,
        NodeState state,
        boolean registered,
        Instant registeredAt,
        Instant firstHeartbeatAt,
        Instant lastHeartbeatAt,
        String kernelVersion,
        Boolean userNamespaces,
        Boolean idmappedMounts,
        Map<String, Boolean> idmapSupport,
        Boolean dryRun,
        long lastSequence,
        Long appliedSequence,
        Integer podsHeld,
        long podsAllocated,
        List<Drift> drift,
        Instant driftCheckedAt) {

    /** One pod where the node and the allocations disagree, and what the service did about it. */
    public record Drift(String podUid, String kind, String action) {}
}
