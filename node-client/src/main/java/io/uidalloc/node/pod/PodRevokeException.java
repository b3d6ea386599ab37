package io.uidalloc.node.pod;

import java.util.List;
import java.util.UUID;

/** Some of a pod's kernel state could not be removed; the rest was. Revoking again retries what is left. */
public class PodRevokeException extends RuntimeException {

    private final UUID podUid;
    private final List<String> leftovers;

    PodRevokeException(UUID podUid, List<String> leftovers, List<Exception> causes) {
        super("pod " + podUid + " not fully revoked: " + String.join("; ", leftovers));
        this.podUid = podUid;
        this.leftovers = List.copyOf(leftovers);
        causes.forEach(this::addSuppressed);
    }

    /** The pod. */
    public UUID podUid() {
        return podUid;
    }

    /** One sentence per piece of state left in place. */
    public List<String> leftovers() {
        return leftovers;
    }
}
