package io.uidalloc.service.allocation;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code allocator} health contributor, part of the readiness group: DOWN when the service cannot allocate at
 * all, because the database does not answer (the count throws, which reports DOWN with the error).
 *
 * <p>An exhausted pool is shown, not turned into DOWN. In Kubernetes a DOWN readiness takes the instance out of its
 * Service; with every instance out, the releases that would give blocks back could not reach any of them, and a pool
 * with nothing in quarantine would never recover. Alert on {@code uidalloc_blocks{state="free"}} instead.
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
        builder.up();
        if (counts.free() == 0) {
            builder.withDetail(
                    "exhausted",
                    "no free block in the pool; allocations answer 503 until blocks are"
                            + " released or leave quarantine, or the pool is widened");
            if (counts.nextFreeAt() != null) {
                builder.withDetail("nextFreeAt", counts.nextFreeAt().toString());
            }
        }
    }
}
