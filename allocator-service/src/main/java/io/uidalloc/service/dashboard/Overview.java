package io.uidalloc.service.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * Everything the Overview page shows, read at one instant; the page renders it first and then polls it as JSON.
 *
 * @param minutes allocations and releases of each of the last minutes, oldest first; the last is the minute to now
 * @param failedTotal how many allocations failed in all, of which {@code failed} lists the most recent
 */
record Overview(
        Instant at,
        long blocksTotal,
        List<StateCount> blocks,
        List<TenantUsage> tenants,
        List<Minute> minutes,
        List<DashboardQueries.FailedAllocation> failed,
        long failedTotal,
        OperationsView operations) {

    /**
     * Blocks in one state, and their share of all blocks, such as "12.5 %"; a share too small to show with one
     * decimal is "< 0.1 %", so that a few held blocks in a large pool do not read as none.
     */
    record StateCount(String state, String pattern, long count, String share) {}

    /** A tenant's blocks held against its quota; {@code percent} is 0 for a quota of 0. */
    record TenantUsage(String name, int used, int quota, int percent) {}

    /** One minute of activity; {@code label} says how long ago, such as "-3 min" or "now". */
    record Minute(String label, long allocations, long releases) {}
}
