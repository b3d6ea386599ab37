package io.uidalloc.service.node;

import io.uidalloc.service.dashboard.OperationsStatus;
import io.uidalloc.service.outbox.OutboxStatistics;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the dashboard shows of the event pipeline: the outbox backlog and the nodes, from the registry. */
@Component
class NodeOperationsStatus implements OperationsStatus {

    private final OutboxStatistics outbox;
    private final NodeService nodes;

    NodeOperationsStatus(OutboxStatistics outbox, NodeService nodes) {
        this.outbox = outbox;
        this.nodes = nodes;
    }

    @Override
    public OutboxSummary outbox() {
        OutboxStatistics.Backlog backlog = outbox.backlog();
        return new OutboxSummary(backlog.events(), backlog.oldestAt());
    }

    @Override
    public NodeSummary nodeSummary() {
        List<NodeView> all = nodes.list();
        return new NodeSummary(count(all, NodeState.READY), count(all, NodeState.LOST));
    }

    @Override
    public List<NodeRow> nodes() {
        return nodes.list().stream()
                .map(node -> new NodeRow(
                        node.name(),
                        node.state().name() + (Boolean.TRUE.equals(node.dryRun()) ? " (dry run)" : ""),
                        node.lastHeartbeatAt(),
                        node.kernelVersion(),
                        node.idmapSupport(),
                        node.podsHeld() == null ? 0 : node.podsHeld(),
                        node.drift().stream()
                                .map(d -> d.kind() + " " + d.podUid() + ": " + d.action())
                                .toList()))
                .toList();
    }

    private static int count(List<NodeView> nodes, NodeState state) {
        return (int) nodes.stream().filter(n -> n.state() == state).count();
    }
}
