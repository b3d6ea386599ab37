package io.uidalloc.node.pod;

import java.util.List;
import java.util.UUID;

/**
 * A pod could not be applied. Whatever the apply had done before failing has been rolled back (failures of the
 * rollback itself are attached as suppressed exceptions), so the node holds nothing for the pod.
 */
public class PodApplyException extends RuntimeException {

    /** Why the apply failed, for the agent to decide between reporting and retrying. */
    public enum Kind {
        /** A safety rule refused the assignment; retrying the same assignment cannot succeed. */
        REFUSED,
        /** The node already holds state for the pod; revoke it first. */
        ALREADY_PRESENT,
        /** A volume is on a filesystem this kernel cannot id-map. */
        UNSUPPORTED_FILESYSTEM,
        /** A system call, the namespace helper or the filesystem failed. */
        KERNEL
    }

    private final UUID podUid;
    private final Kind kind;
    private final List<String> reasons;

    PodApplyException(UUID podUid, Kind kind, List<String> reasons, Throwable cause) {
        super("pod " + podUid + " not applied: " + String.join("; ", reasons), cause);
        this.podUid = podUid;
        this.kind = kind;
        this.reasons = List.copyOf(reasons);
    }

    PodApplyException(UUID podUid, Kind kind, String reason) {
        this(podUid, kind, List.of(reason), null);
    }

    /** The pod. */
    public UUID podUid() {
        return podUid;
    }

    /** The class of failure. */
    public Kind kind() {
        return kind;
    }

    /** One sentence per reason, e.g. {@code volume data: /srv/x is on nfs, which does not support id-mapped mounts}. */
    public List<String> reasons() {
        return reasons;
    }
}
