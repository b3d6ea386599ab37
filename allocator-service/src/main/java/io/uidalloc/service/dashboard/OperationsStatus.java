package io.uidalloc.service.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows of the nodes and the event pipeline, supplied by the features that own them.
 *
 * <p>The dashboard does not need a bean of this type: without one, the Overview's "Nodes and events" section and the
 * Nodes page say "not available". An implementation should answer from state it keeps anyway (a few indexed queries),
 * because the Overview asks every few seconds while an operator has it open.
 */
public interface OperationsStatus {

    /** The events written for nodes and not yet published to the broker. */
    OutboxSummary outbox();

    /** How many nodes are ready and how many are lost, for the Overview. */
    NodeSummary nodeSummary();

    /** Every registered node, for the Nodes page, in the order to show them. */
    List<NodeRow> nodes();

    /**
     * @param backlog events written and not yet published
     * @param oldestUnpublishedAt when the oldest of them was written, or null when the backlog is empty
     */
    record OutboxSummary(long backlog, Instant oldestUnpublishedAt) {}

    /**
     * @param ready nodes whose heartbeat is recent and who report applying assignments
     * @param lost nodes whose heartbeat stopped for longer than the allowed gap
     */
    record NodeSummary(int ready, int lost) {}

    /**
     * One node as its client last reported it.
     *
     * @param state the node's state in the registry, such as READY or LOST
     * @param lastHeartbeat when its last heartbeat arrived, or null if none has
     * @param idmapSupport per filesystem type (ext4, nfs, ...) whether the node can make id-mapped mounts on it
     * @param podsHeld pods the node reports holding a block for
     * @param drift differences between what the allocator assigned the node and what it reports, one sentence each
     */
    record NodeRow(
            String name,
            String state,
            Instant lastHeartbeat,
            String kernelVersion,
            Map<String, Boolean> idmapSupport,
            int podsHeld,
            List<String> drift) {}
}
