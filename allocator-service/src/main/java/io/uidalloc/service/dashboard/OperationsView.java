package io.uidalloc.service.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The nodes and the event pipeline as a page shows them: what {@link OperationsStatus} answered, or why there is
 * nothing to show.
 *
 * @param unavailable why there is nothing to show, or null when the figures are there
 * @param oldestUnpublishedAgeSeconds how long the oldest unpublished event has waited, or null when none waits
 */
record OperationsView(
        String unavailable,
        OperationsStatus.OutboxSummary outbox,
        Long oldestUnpublishedAgeSeconds,
        OperationsStatus.NodeSummary nodes) {

    static OperationsView unavailable(String why) {
        return new OperationsView(why, null, null, null);
    }

    /**
     * The Nodes page: every node, with the failed allocations the allocator recorded for it.
     *
     * @param unavailable why there is nothing to show, or null when the nodes are there
     */
    record Nodes(String unavailable, List<OperationsStatus.NodeRow> rows, Map<String, Long> failedByNode) {}
}
