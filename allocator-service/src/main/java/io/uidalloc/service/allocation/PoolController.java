package io.uidalloc.service.allocation;

import io.uidalloc.service.pool.Pool;
import io.uidalloc.service.pool.PoolProperties;
import io.uidalloc.service.security.Caller;
import io.uidalloc.service.tenant.TenantService;
import java.time.Duration;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The pool at a glance, for the admin: blocks by state and every tenant's usage against its quota. */
@RestController
class PoolController {

    private final AllocationService allocations;
    private final TenantService tenants;
    private final Pool pool;
    private final PoolProperties properties;

    PoolController(AllocationService allocations, TenantService tenants, Pool pool, PoolProperties properties) {
        this.allocations = allocations;
        this.tenants = tenants;
        this.pool = pool;
        this.properties = properties;
    }

    @GetMapping("/api/v1/pool")
    PoolView pool(Caller caller) {
        caller.requireAdmin();
        AllocationService.BlockCounts counts = allocations.poolCounts();
        List<TenantUsage> usage = tenants.list().stream()
                .map(t -> new TenantUsage(t.name(), t.quotaBlocks(), t.usedBlocks()))
                .toList();
        return new PoolView(
                pool.first(),
                pool.end(),
                pool.blockSize(),
                pool.blockCount(),
                properties.quarantine(),
                properties.crossTenantReuse(),
                new BlocksByState(counts.free(), counts.held(), counts.quarantined(), counts.retired()),
                usage);
    }

    record PoolView(
            long first,
            long end,
            long blockSize,
            long blocksInPool,
            Duration quarantine,
            boolean crossTenantReuse,
            BlocksByState blocks,
            List<TenantUsage> tenants) {}

    record BlocksByState(long free, long held, long quarantined, long retired) {}

    record TenantUsage(String name, int quotaBlocks, int usedBlocks) {}
}
