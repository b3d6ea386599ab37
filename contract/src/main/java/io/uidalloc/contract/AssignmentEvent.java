package io.uidalloc.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Tells one node that a pod holds, or no longer holds, a block of host UIDs and GIDs. Published by the allocator
 * service on {@link Topics#ASSIGNMENTS} with the node name as record key, and signed with Ed25519 so that a node acts
 * only on assignments the service made (see {@link EventSigner} and {@link EventVerifier}).
 *
 * <p>{@code sequence} increases by one per event for the same node; a node that sees a gap resynchronises through
 * {@code GET /api/v1/nodes/{name}/assignments} (answered with {@link NodeAssignments}).
 *
 * @param eventId unique id of this event, for deduplication
 * @param schemaVersion {@link #SCHEMA_VERSION} of the producer
 * @param type whether the block is assigned or revoked
 * @param node name of the Kubernetes node the pod runs on
 * @param sequence per-node sequence number of this event
 * @param tenant tenant that owns the pod
 * @param podUid Kubernetes UID of the pod
 * @param namespace Kubernetes namespace of the pod
 * @param podName Kubernetes name of the pod
 * @param block index of the block; host IDs {@code block * size} up to {@code (block + 1) * size - 1}
 * @param hostIdStart first host ID of the block
 * @param size number of IDs in the block, 65536 for Kubernetes pods
 * @param uidMappings UID map of the pod's user namespace
 * @param gidMappings GID map of the pod's user namespace
 * @param volumes host directories to mount into the pod through id-mapped mounts
 * @param occurredAt when the service made the decision
 * @param signature {@code ed25519:<keyId>:<base64 signature>}, or {@code null} before signing
 */
public record AssignmentEvent(
        UUID eventId,
        int schemaVersion,
        AssignmentType type,
        String node,
        long sequence,
        String tenant,
        UUID podUid,
        String namespace,
        String podName,
        long block,
        long hostIdStart,
        long size,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        List<Volume> volumes,
        Instant occurredAt,
        String signature) {

    /** The version of this shape; consumers accept newer versions as long as the fields they know keep meaning. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * Requires the fields a node needs to route and deduplicate the event, and turns absent lists into empty ones so
     * that a producer omitting an empty list and one writing {@code []} produce the same event.
     */
    public AssignmentEvent {
        Objects.requireNonNull(eventId, "'eventId' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(podUid, "'podUid' must not be null");
        Objects.requireNonNull(occurredAt, "'occurredAt' must not be null");
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException(
                    "'node' must name a node, got " + (node == null ? null : "\"" + node + "\""));
        }
        uidMappings = uidMappings == null ? List.of() : List.copyOf(uidMappings);
        gidMappings = gidMappings == null ? List.of() : List.copyOf(gidMappings);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /**
     * Returns this event carrying the given signature; everything else is unchanged, which is what makes the
     * signature verifiable (the signature is computed over the event without it).
     *
     * @param signature the new signature, or {@code null} to strip it
     * @return a copy of this event with {@code signature} replaced
     */
    public AssignmentEvent withSignature(String signature) {
        return new AssignmentEvent(
                eventId,
                schemaVersion,
                type,
                node,
                sequence,
                tenant,
                podUid,
                namespace,
                podName,
                block,
                hostIdStart,
                size,
                uidMappings,
                gidMappings,
                volumes,
                occurredAt,
                signature);
    }
}
