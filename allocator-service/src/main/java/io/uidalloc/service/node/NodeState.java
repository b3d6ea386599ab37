package io.uidalloc.service.node;

/** Whether a node client is heard from: NEW until its first heartbeat, then READY, or LOST after a silence. */
public enum NodeState {
    NEW,
    READY,
    LOST
}
