package io.uidalloc.service.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The whole pool in a form small enough to poll: one character of {@code states} and one entry of {@code tenants} per
 * block of the configured pool, in the order of host IDs. Cell {@code i} is the block starting at host ID
 * {@code first + i * blockSize}.
 *
 * @param states one {@link BlockState} code per cell: F free, H held, Q quarantined, R retired or unavailable
 * @param tenants per cell the index into {@code tenantNames} of the holder (or last holder), -1 for none
 * @param notDrawn blocks of the block table outside the configured pool's grid (retired after a pool change)
 * @param inUse held and quarantined blocks with their holders, for the list under the map; at most {@code inUseLimit}
 */
record BlockMap(
        Instant at,
        long first,
        long blockSize,
        int cells,
        String states,
        int[] tenants,
        List<String> tenantNames,
        long notDrawn,
        List<Entry> inUse,
        int inUseLimit) {

    /**
     * One block and its holder. For a held block {@code since} is when its allocation was made; for a released one,
     * when it was released, and {@code freeFrom} when its quarantine ends.
     *
     * @param cell the block's cell on the map, or -1 if it is outside the pool's grid
     * @param block the block number counted in blocks of its size from host ID 0
     */
    record Entry(
            int cell,
            long block,
            long firstHostId,
            long lastHostId,
            String state,
            String tenant,
            UUID podUid,
            String namespace,
            String podName,
            String node,
            Instant since,
            Instant freeFrom) {}
}
