package io.uidalloc.service.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.uidalloc.contract.Heartbeat;
import io.uidalloc.contract.NodeReport;
import io.uidalloc.service.allocation.AllocationService;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one node report, exactly once: the report's ID is recorded in the same transaction as its effect, so a
 * redelivered report finds its ID and changes nothing, and a report that fails half-way is redelivered whole.
 */
@Component
public class NodeReportHandler {

    private static final Logger log = LoggerFactory.getLogger(NodeReportHandler.class);

    private final JdbcTemplate jdbc;
    private final AllocationService allocations;
    private final NodeService nodes;
    private final Clock clock;
    private final MeterRegistry registry;

    NodeReportHandler(
            JdbcTemplate jdbc, AllocationService allocations, NodeService nodes, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.allocations = allocations;
        this.nodes = nodes;
        this.clock = clock;
        this.registry = registry;
    }

    /** @return what the report did: the new state, "duplicate", or why it was ignored */
    @Transactional
    public String handle(NodeReport report) {
        MDC.put("node", report.node());
        try {
            int fresh = jdbc.update(
                    """
                    insert into node_report (report_id, node, type, pod_uid, sequence, received_at, outcome)
                    values (?, ?, ?, ?, ?, ?, 'pending') on conflict (report_id) do nothing
                    """,
                    report.reportId(),
                    report.node(),
                    report.type().name(),
                    report.podUid(),
                    report.sequence(),
                    Timestamp.from(clock.instant()));
            String outcome = fresh == 0 ? "duplicate" : apply(report);
            if (fresh != 0) {
                jdbc.update("update node_report set outcome = ? where report_id = ?", outcome, report.reportId());
            }
            count(report, outcome);
            log.debug(
                    "Report {} {} for pod {} at event {}: {}",
                    report.reportId(),
                    report.type(),
                    report.podUid(),
                    report.sequence(),
                    outcome);
            return outcome;
        } finally {
            MDC.remove("node");
        }
    }

    private String apply(NodeReport report) {
        return switch (report.type()) {
            case APPLIED -> allocations.applied(report.node(), report.podUid(), report.sequence());
            case FAILED -> allocations.failed(report.node(), report.podUid(), report.sequence(), report.reason());
            case REVOKED -> allocations.revoked(report.node(), report.podUid(), report.sequence());
            case HEARTBEAT -> heartbeat(report.node(), report.heartbeat());
        };
    }

    private String heartbeat(String node, Heartbeat heartbeat) {
        nodes.heartbeat(node, heartbeat);
        if (heartbeat.dryRun()) {
            // A dry-run client holds nothing by design; comparing would re-send its events forever.
            return "READY (dry run, drift not checked)";
        }
        long lastSequence =
                jdbc.queryForObject("select last_sequence from node where name = ? for update", Long.class, node);
        if (heartbeat.appliedSequence() < lastSequence) {
            return "READY (events " + (heartbeat.appliedSequence() + 1) + ".." + lastSequence
                    + " in flight, drift not checked)";
        }
        List<AllocationService.Drift> found = allocations.reconcile(node, heartbeat.heldPods());
        nodes.recordDrift(
                node,
                found.stream()
                        .map(d -> new NodeView.Drift(d.podUid().toString(), d.kind(), d.action()))
                        .toList());
        return found.isEmpty() ? "READY" : "READY with " + found.size() + " drifted pods";
    }

    private void count(NodeReport report, String outcome) {
        String result = outcome.startsWith("ignored") ? "ignored" : outcome.startsWith("READY") ? "ok" : outcome;
        Counter.builder("uidalloc.node.reports")
                .description("Node reports received, by type and what they did")
                .tag("type", report.type().name())
                .tag("outcome", result.toLowerCase(java.util.Locale.ROOT))
                .register(registry)
                .increment();
    }
}
