package io.uidalloc.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A node client's answer to an {@link AssignmentEvent}, or its periodic {@link Heartbeat}. Published on
 * {@link Topics#NODE_REPORTS} with the node name as record key. Prefer the static factories, which fill in only the
 * fields that belong to each {@link ReportType}.
 *
 * @param reportId unique id of this report, for deduplication
 * @param schemaVersion {@link AssignmentEvent#SCHEMA_VERSION} of the producer
 * @param type what is reported
 * @param node name of the reporting node
 * @param podUid the pod the answered event was about; {@code null} for heartbeats
 * @param sequence the {@link AssignmentEvent#sequence()} this report answers; {@code null} for heartbeats
 * @param reason why applying failed; only for {@link ReportType#FAILED}
 * @param occurredAt when the node made the report
 * @param heartbeat the node's state; only for {@link ReportType#HEARTBEAT}
 */
public record NodeReport(
        UUID reportId,
        int schemaVersion,
        ReportType type,
        String node,
        UUID podUid,
        Long sequence,
        String reason,
        Instant occurredAt,
        Heartbeat heartbeat) {

    /**
     * Requires the fields each report type is useless without, so that a malformed report is refused where it is
     * made or decoded rather than half-processed by the service.
     */
    public NodeReport {
        Objects.requireNonNull(reportId, "'reportId' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(occurredAt, "'occurredAt' must not be null");
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException(
                    "'node' must name a node, got " + (node == null ? null : "\"" + node + "\""));
        }
        if (type == ReportType.HEARTBEAT && heartbeat == null) {
            throw new IllegalArgumentException("a HEARTBEAT report from node " + node + " must carry 'heartbeat'");
        }
        if (type != ReportType.HEARTBEAT && (podUid == null || sequence == null)) {
            throw new IllegalArgumentException("a " + type + " report from node " + node
                    + " must carry 'podUid' and 'sequence', got " + podUid + " and " + sequence);
        }
        if (type == ReportType.FAILED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(
                    "a FAILED report from node " + node + " for pod " + podUid + " must carry a 'reason'");
        }
    }

    /**
     * Reports that an {@link AssignmentType#ASSIGNED} event was applied.
     *
     * @param node the reporting node
     * @param podUid the pod the event was about
     * @param sequence the event's sequence
     * @param occurredAt when it was applied
     * @return an {@link ReportType#APPLIED} report with a fresh id
     */
    public static NodeReport applied(String node, UUID podUid, long sequence, Instant occurredAt) {
        return answer(ReportType.APPLIED, node, podUid, sequence, null, occurredAt);
    }

    /**
     * Reports that an assignment event could not be applied.
     *
     * @param node the reporting node
     * @param podUid the pod the event was about
     * @param sequence the event's sequence
     * @param reason what failed and why, specific enough for an operator to act on
     * @param occurredAt when it failed
     * @return a {@link ReportType#FAILED} report with a fresh id
     */
    public static NodeReport failed(String node, UUID podUid, long sequence, String reason, Instant occurredAt) {
        return answer(ReportType.FAILED, node, podUid, sequence, reason, occurredAt);
    }

    /**
     * Reports that an {@link AssignmentType#REVOKED} event was applied and the block is no longer in use.
     *
     * @param node the reporting node
     * @param podUid the pod the event was about
     * @param sequence the event's sequence
     * @param occurredAt when the block was released on the node
     * @return a {@link ReportType#REVOKED} report with a fresh id
     */
    public static NodeReport revoked(String node, UUID podUid, long sequence, Instant occurredAt) {
        return answer(ReportType.REVOKED, node, podUid, sequence, null, occurredAt);
    }

    /**
     * Reports the node's state.
     *
     * @param node the reporting node
     * @param heartbeat its capabilities and held pods
     * @param occurredAt when the state was taken
     * @return a {@link ReportType#HEARTBEAT} report with a fresh id
     */
    public static NodeReport heartbeat(String node, Heartbeat heartbeat, Instant occurredAt) {
        return new NodeReport(
                UUID.randomUUID(),
                AssignmentEvent.SCHEMA_VERSION,
                ReportType.HEARTBEAT,
                node,
                null,
                null,
                null,
                occurredAt,
                heartbeat);
    }

    private static NodeReport answer(
            ReportType type, String node, UUID podUid, long sequence, String reason, Instant occurredAt) {
        return new NodeReport(
                UUID.randomUUID(),
                AssignmentEvent.SCHEMA_VERSION,
                type,
                node,
                podUid,
                sequence,
                reason,
                occurredAt,
                null);
    }
}
