package io.uidalloc.contract;

import java.util.List;

/**
 * A node's whole desired state, as answered by {@code GET /api/v1/nodes/{name}/assignments}: one signed
 * {@link AssignmentType#ASSIGNED} event per pod that holds a block on the node, and the per-node sequence this state
 * corresponds to. A node that resynchronises replaces its state with this one and then resumes the topic after
 * {@code sequence}.
 *
 * @param node the node the state belongs to
 * @param sequence the last {@link AssignmentEvent#sequence()} reflected in {@code assignments}
 * @param assignments the current assignments, each signed like the events on the topic
 */
public record NodeAssignments(String node, long sequence, List<AssignmentEvent> assignments) {

    /**
     * Rejects a state that mixes in another node's or a revocation event: a node applying it would take over blocks
     * that are not its own.
     */
    public NodeAssignments {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException(
                    "'node' must name a node, got " + (node == null ? null : "\"" + node + "\""));
        }
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
        for (int i = 0; i < assignments.size(); i++) {
            AssignmentEvent event = assignments.get(i);
            if (!node.equals(event.node()) || event.type() != AssignmentType.ASSIGNED) {
                throw new IllegalArgumentException("assignments[" + i + "] of node " + node + " must be an ASSIGNED"
                        + " event for that node, got " + event.type() + " for node " + event.node());
            }
        }
    }
}
