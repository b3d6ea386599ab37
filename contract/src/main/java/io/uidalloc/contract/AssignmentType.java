package io.uidalloc.contract;

/** What an {@link AssignmentEvent} tells a node to do with a pod's block. */
public enum AssignmentType {

    /** The pod holds the block: prepare its mappings and id-mapped volumes. */
    ASSIGNED,

    /** The pod no longer holds the block: tear down whatever was prepared for it. */
    REVOKED
}
