package io.uidalloc.service.allocation;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code allocator} health contributor, part of the readiness group: DOWN when the service cannot allocate at
 * all, because the database could not be read. It reads the snapshot the pool gauges take every few seconds
 * ({@link PoolGauges}) rather than counting the block table again at every probe.
 *
 * <p>An exhausted pool is shown, not turned into DOWN. In Kubernetes a DOWN readiness takes the instance out of its
 * Service; with every instance out, the releases that would give blocks back could not reach any of them, and a pool
 * with nothing in quarantine would never recover. Alert on {@code uidalloc_blocks{state="free"}} instead.
 */
@Component
class AllocatorHealthIndicator extends AbstractHealthIndicator {

    private final PoolGauges gauges;

    AllocatorHealthIndicator(PoolGauges gauges) {
        super("Allocator readiness check failed");
        this.gauges = gauges;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        AllocationService.BlockCounts counts = gauges.latest();
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
