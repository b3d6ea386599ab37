package io.uidalloc.service.allocation;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code allocator} health contributor, part of the readiness group: DOWN when an allocation cannot succeed,
 * because the pool has no free block or the database does not answer (the count then throws, which reports DOWN with
 * the error).
 *
 * <p>Mind what DOWN does in Kubernetes: the instance leaves its Service, and with every instance DOWN the releases
 * that would give blocks back cannot reach any of them either. Quarantined blocks still come free by themselves, so
 * the pool recovers, only more slowly than it would with releases.
 */
@Component
class AllocatorHealthIndicator extends AbstractHealthIndicator {

    private final AllocationService allocations;

    AllocatorHealthIndicator(AllocationService allocations) {
        super("Allocator readiness check failed");
        this.allocations = allocations;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        AllocationService.BlockCounts counts = allocations.poolCounts();
        builder.withDetail("freeBlocks", counts.free())
                .withDetail("quarantinedBlocks", counts.quarantined())
                .withDetail("heldBlocks", counts.held());
        if (counts.free() > 0) {
            builder.up();
            return;
        }
        builder.down().withDetail("reason", "no free block in the pool; release blocks or widen the pool");
        if (counts.nextFreeAt() != null) {
            builder.withDetail("nextFreeAt", counts.nextFreeAt().toString());
        }
    }
}
