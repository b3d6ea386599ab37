package io.uidalloc.contract;

/**
 * One line of a user namespace's UID or GID map, in the shape the CRI uses: {@code size} IDs starting at
 * {@code containerId} inside the pod are the IDs starting at {@code hostId} on the host.
 *
 * @param containerId first ID inside the pod's user namespace
 * @param hostId first ID on the host
 * @param size number of consecutive IDs mapped
 */
public record IdMapping(long containerId, long hostId, long size) {

    /** UIDs and GIDs are 32-bit, so no mapped range may reach past this value on either side. */
    public static final long ID_SPACE = 1L << 32;

    /**
     * Checks that the range fits the 32-bit ID space; a mapping past it would be refused by the kernel much later,
     * on the node, where the error is far harder to trace back.
     */
    public IdMapping {
        if (containerId < 0 || hostId < 0) {
            throw new IllegalArgumentException(
                    "'containerId' and 'hostId' must not be negative, got " + containerId + " and " + hostId);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("'size' must be positive, got " + size);
        }
        if (containerId + size > ID_SPACE || hostId + size > ID_SPACE) {
            throw new IllegalArgumentException("mapping " + containerId + " -> " + hostId + " of " + size
                    + " IDs reaches past the 32-bit ID space (" + ID_SPACE + ")");
        }
    }

    /**
     * The usual mapping for a pod that holds a whole block: container IDs from 0 onto the block's host IDs.
     *
     * @param hostIdStart first host ID of the block
     * @param size the block size, 65536 for a Kubernetes pod
     * @return the mapping {@code 0 -> hostIdStart} of {@code size} IDs
     */
    public static IdMapping ofBlock(long hostIdStart, long size) {
        return new IdMapping(0, hostIdStart, size);
    }
}
