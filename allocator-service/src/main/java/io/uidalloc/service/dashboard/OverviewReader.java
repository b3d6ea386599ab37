package io.uidalloc.service.dashboard;

import io.uidalloc.service.allocation.AllocationService;
import io.uidalloc.service.tenant.TenantService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Reads the Overview from the pool counts, the tenants, recent activity and the operations status. */
@Component
class OverviewReader {

    /** Minutes of activity the Overview shows. */
    static final int MINUTES = 10;

    static final int FAILED_SHOWN = 20;

    private final AllocationService allocations;
    private final TenantService tenants;
    private final DashboardQueries queries;
    private final OperationsReader operations;
    private final Clock clock;

    OverviewReader(
            AllocationService allocations,
            TenantService tenants,
            DashboardQueries queries,
            OperationsReader operations,
            Clock clock) {
        this.allocations = allocations;
        this.tenants = tenants;
        this.queries = queries;
        this.operations = operations;
        this.clock = clock;
    }

    Overview read() {
        Instant now = clock.instant();
        AllocationService.BlockCounts counts = allocations.poolCounts();
        long total = counts.free() + counts.held() + counts.quarantined() + counts.retired();
        return new Overview(
                now,
                total,
                List.of(
                        share(BlockState.FREE, counts.free(), total),
                        share(BlockState.HELD, counts.held(), total),
                        share(BlockState.QUARANTINED, counts.quarantined(), total),
                        share(BlockState.RETIRED, counts.retired(), total)),
                tenantUsage(),
                minutes(now),
                queries.failedAllocations(FAILED_SHOWN),
                queries.failedAllocationCount(),
                operations.overview());
    }

    private List<Overview.TenantUsage> tenantUsage() {
        return tenants.list().stream()
                .map(t -> new Overview.TenantUsage(
                        t.name(),
                        t.usedBlocks(),
                        t.quotaBlocks(),
                        t.quotaBlocks() == 0 ? 0 : (int) Math.min(100, 100L * t.usedBlocks() / t.quotaBlocks())))
                .toList();
    }

    /** One entry per minute, oldest first, including the minutes without activity. */
    private List<Overview.Minute> minutes(Instant now) {
        Map<Integer, DashboardQueries.MinuteCount> counted = queries.perMinute(now, MINUTES).stream()
                .collect(Collectors.toMap(DashboardQueries.MinuteCount::minutesAgo, Function.identity()));
        List<Overview.Minute> minutes = new ArrayList<>(MINUTES);
        for (int ago = MINUTES - 1; ago >= 0; ago--) {
            DashboardQueries.MinuteCount count = counted.get(ago);
            minutes.add(new Overview.Minute(
                    ago == 0 ? "now" : "-" + ago + " min",
                    count == null ? 0 : count.allocations(),
                    count == null ? 0 : count.releases()));
        }
        return minutes;
    }

    private static Overview.StateCount share(BlockState state, long count, long total) {
        double percent = total == 0 ? 0 : Math.round(1000.0 * count / total) / 10.0;
        String share = count > 0 && percent == 0 ? "< 0.1 %" : percent + " %";
        return new Overview.StateCount(state.label(), state.pattern(), count, share);
    }
}
