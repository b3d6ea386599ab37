package io.uidalloc.service.allocation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.uidalloc.service.tenant.Tenant;
import io.uidalloc.service.tenant.TenantService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes the pool's blocks by state ({@code uidalloc_blocks{state}}) and every tenant's usage and quota
 * ({@code uidalloc_tenant_blocks_used{tenant}}, {@code uidalloc_tenant_blocks_quota{tenant}}).
 *
 * <p>Counting blocks by state reads the whole block table, so the gauges show a snapshot taken every few seconds
 * instead of counting on each scrape: any number of scrapers costs one count per interval, and the figures are at
 * most one interval old. While the database cannot be read, the gauges show no value (NaN) rather than stale figures.
 */
@Component
class PoolGauges {

    private static final Logger log = LoggerFactory.getLogger(PoolGauges.class);

    static final long REFRESH_SECONDS = 5;

    private final AllocationService allocations;
    private final TenantService tenants;
    private final MultiGauge used;
    private final MultiGauge quota;
    private volatile AllocationService.BlockCounts counts;

    PoolGauges(MeterRegistry registry, AllocationService allocations, TenantService tenants) {
        this.allocations = allocations;
        this.tenants = tenants;
        blocks(registry, "free", AllocationService.BlockCounts::free);
        blocks(registry, "held", AllocationService.BlockCounts::held);
        blocks(registry, "quarantined", AllocationService.BlockCounts::quarantined);
        blocks(registry, "retired", AllocationService.BlockCounts::retired);
        this.used = MultiGauge.builder("uidalloc.tenant.blocks.used")
                .description("Blocks the tenant holds")
                .register(registry);
        this.quota = MultiGauge.builder("uidalloc.tenant.blocks.quota")
                .description("Blocks the tenant may hold at once")
                .register(registry);
    }

    /** Takes a new snapshot; runs on a schedule, and may be called to publish a change at once. */
    @Scheduled(fixedDelay = REFRESH_SECONDS, timeUnit = TimeUnit.SECONDS)
    void refresh() {
        try {
            List<Tenant> all = tenants.list();
            counts = allocations.poolCounts();
            used.register(rows(all, Tenant::usedBlocks), true);
            quota.register(rows(all, Tenant::quotaBlocks), true);
        } catch (DataAccessException e) {
            counts = null;
            log.warn(
                    "Pool gauges show no value until the database answers again; check the database connection: {}",
                    e.getMessage());
        }
    }

    /**
     * The latest snapshot, taking one first if there is none yet.
     *
     * @throws IllegalStateException if the database could not be read at the last refresh
     */
    AllocationService.BlockCounts latest() {
        if (counts == null) {
            refresh();
        }
        AllocationService.BlockCounts snapshot = counts;
        if (snapshot == null) {
            throw new IllegalStateException("the block table could not be read at the last refresh");
        }
        return snapshot;
    }

    private void blocks(MeterRegistry registry, String state, ToLongFunction<AllocationService.BlockCounts> count) {
        Gauge.builder("uidalloc.blocks", this, gauges -> gauges.value(count))
                .description("Blocks of the pool by state")
                .tag("state", state)
                .register(registry);
    }

    private double value(ToLongFunction<AllocationService.BlockCounts> count) {
        AllocationService.BlockCounts snapshot = counts;
        return snapshot == null ? Double.NaN : count.applyAsLong(snapshot);
    }

    private static List<MultiGauge.Row<?>> rows(List<Tenant> tenants, ToLongFunction<Tenant> value) {
        return tenants.stream()
                .<MultiGauge.Row<?>>map(t -> MultiGauge.Row.of(Tags.of("tenant", t.name()), value.applyAsLong(t)))
                .toList();
    }
}
