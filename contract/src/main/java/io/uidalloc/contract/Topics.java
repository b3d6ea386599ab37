package io.uidalloc.contract;

/**
 * Names of the Kafka topics the service and the node clients share. Both topics are keyed by node name, so all
 * records for one node land in one partition and are consumed in the order they were produced.
 */
public final class Topics {

    /** {@link AssignmentEvent}s from the allocator service to the node clients. */
    public static final String ASSIGNMENTS = "uidalloc.assignments";

    /** {@link NodeReport}s from the node clients back to the allocator service. */
    public static final String NODE_REPORTS = "uidalloc.node-reports";

    private Topics() {}
}
