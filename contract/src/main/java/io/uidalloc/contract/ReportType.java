package io.uidalloc.contract;

/** What a {@link NodeReport} tells the allocator service. */
public enum ReportType {

    /** An {@link AssignmentType#ASSIGNED} event was applied on the node. */
    APPLIED,

    /** An assignment event could not be applied; the report carries the reason. */
    FAILED,

    /** An {@link AssignmentType#REVOKED} event was applied: the node no longer uses the block. */
    REVOKED,

    /** Periodic liveness and capability report; carries a {@link Heartbeat}. */
    HEARTBEAT
}
