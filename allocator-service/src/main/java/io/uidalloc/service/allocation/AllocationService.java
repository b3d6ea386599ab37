package io.uidalloc.service.allocation;

import io.uidalloc.service.pool.Pool;
import io.uidalloc.service.pool.PoolProperties;
import io.uidalloc.service.tenant.Tenant;
import io.uidalloc.service.tenant.TenantRepository;
import io.uidalloc.service.tenant.TenantService;
import io.uidalloc.service.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out blocks to pods and takes them back.
 *
 * <p>An allocation is one transaction: take one unit of the tenant's quota (a guarded update on the tenant row), pick
 * and lock a free block (see {@link BlockRepository} for why that is safe under concurrency), insert the allocation,
 * mark the block held, and record the history. Any failure rolls all of it back. A release frees the block into
 * quarantine and returns the quota, in one transaction too.
 */
@Service
public class AllocationService {

    private static final Logger log = LoggerFactory.getLogger(AllocationService.class);

    static final Set<AllocationState> HOLDING =
            EnumSet.of(AllocationState.PENDING, AllocationState.ACTIVE, AllocationState.RELEASING);

    /** A tenant ID no tenant has: identity columns start at 1. */
    private static final long NO_TENANT = 0;

    /** How often a pick that found every free block locked by concurrent allocations is retried before giving up. */
    private static final int PICK_ATTEMPTS = 50;

    private final TenantService tenantService;
    private final TenantRepository tenants;
    private final AllocationRepository allocations;
    private final BlockRepository blocks;
    private final HistoryRepository history;
    private final Pool pool;
    private final PoolProperties poolProperties;
    private final Clock clock;
    private final TransactionTemplate transaction;

    AllocationService(
            TenantService tenantService,
            TenantRepository tenants,
            AllocationRepository allocations,
            BlockRepository blocks,
            HistoryRepository history,
            Pool pool,
            PoolProperties poolProperties,
            Clock clock,
            TransactionTemplate transaction) {
        this.tenantService = tenantService;
        this.tenants = tenants;
        this.allocations = allocations;
        this.blocks = blocks;
        this.history = history;
        this.pool = pool;
        this.poolProperties = poolProperties;
        this.clock = clock;
        this.transaction = transaction;
    }

    /**
     * Allocates a block for the pod, or returns the allocation the same request made before.
     *
     * @return the allocation, and whether this call created it
     */
    public Allocated allocate(String tenantName, AllocationRequest request) {
        ValidRequest valid = AllocationRequestValidator.validate(request);
        Tenant tenant = tenantService.get(tenantName);
        try {
            return transaction.execute(status -> allocateInTransaction(tenant, valid));
        } catch (DataIntegrityViolationException e) {
            // A concurrent request for the same pod UID committed first; the unique index on held pod UIDs refused
            // ours. Answer as if ours had come second, which it did.
            log.debug("Allocation for pod {} lost a race with a concurrent request for it", valid.podUid(), e);
            return transaction.execute(status -> allocations
                    .findByPodUidAndStateIn(valid.podUid(), HOLDING)
                    .map(existing -> repeated(existing, tenant, valid))
                    .orElseThrow(() -> e));
        }
    }

    private Allocated allocateInTransaction(Tenant tenant, ValidRequest request) {
        Optional<Allocation> existing = allocations.findByPodUidAndStateIn(request.podUid(), HOLDING);
        if (existing.isPresent()) {
            return repeated(existing.get(), tenant, request);
        }

        if (tenants.takeQuota(tenant.id()) == 0) {
            throw quotaExceeded(tenant);
        }

        Instant now = clock.instant();
        long start = pickBlock(tenant, request.stableKey(), now);
        Allocation allocation = allocations.saveAndFlush(new Allocation(
                tenant.id(),
                request.podUid(),
                request.namespace(),
                request.podName(),
                request.node(),
                start,
                pool.blockSize(),
                request.stableKey(),
                request.volumes(),
                now));
        if (blocks.hold(start, allocation.id()) != 1) {
            // pickBlock locked the row and saw it free; only a bug elsewhere gets here.
            throw new IllegalStateException("block " + start + " was taken while locked by this transaction");
        }
        record(allocation, "allocated host IDs " + start + "-" + (start + pool.blockSize() - 1));

        log.info(
                "Allocated block {} (host IDs from {}) to pod {} ({}/{}) of tenant {} on node {}",
                allocation.block(),
                start,
                request.podUid(),
                request.namespace(),
                request.podName(),
                tenant.name(),
                request.node());
        return new Allocated(allocation, tenant.name(), true);
    }

    private Allocated repeated(Allocation existing, Tenant tenant, ValidRequest request) {
        if (existing.tenantId() == tenant.id() && request.sameAs(existing)) {
            return new Allocated(existing, tenant.name(), false);
        }
        throw new ApiException(
                HttpStatus.CONFLICT,
                "pod-uid-in-use",
                "Pod UID holds a block",
                "pod " + request.podUid() + " holds a block already, allocated by a different request;"
                        + " release it first, or repeat the original request to get its allocation");
    }

    /**
     * Locks a free block in the order of preference: the block of the tenant's stable key, a block the tenant held
     * before, a block nobody held, a block another tenant held (unless cross-tenant reuse is off). An empty pick with
     * free blocks counted means concurrent allocations hold their locks; it is retried rather than reported.
     */
    private long pickBlock(Tenant tenant, String stableKey, Instant now) {
        Instant cutoff = now.minus(poolProperties.quarantine());
        for (int attempt = 1; attempt <= PICK_ATTEMPTS; attempt++) {
            Optional<Long> picked =
                    stableKey == null ? Optional.empty() : blocks.lockStableBlock(tenant.id(), stableKey);
            picked = picked.or(() -> blocks.lockOwnReleasedBlock(tenant.id(), cutoff))
                    .or(blocks::lockNeverHeldBlock)
                    .or(() -> poolProperties.crossTenantReuse()
                            ? blocks.lockOtherTenantsBlock(tenant.id(), cutoff)
                            : Optional.empty());
            if (picked.isPresent()) {
                return picked.get();
            }

            BlockCounts counts = counts(tenant.id(), cutoff);
            if (counts.free() == 0) {
                throw poolExhausted(counts);
            }
            pause(attempt);
        }
        throw new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "pool-busy",
                "Pool busy",
                "every free block was being taken by a concurrent allocation for " + PICK_ATTEMPTS
                        + " attempts; retry shortly");
    }

    /**
     * Releases the pod's block. Releasing again, or releasing an allocation that failed, changes nothing and answers
     * with the current state.
     */
    @Transactional
    public Allocated release(String tenantName, UUID podUid) {
        Tenant tenant = tenantService.get(tenantName);
        Allocation locked = allocations
                .lockLatest(tenant.id(), podUid)
                .orElseThrow(() -> ApiException.notFound("allocation for pod " + podUid));
        if (locked.state().holdsBlock() && locked.state() != AllocationState.RELEASING) {
            letGo(locked, AllocationState.RELEASED, "released by tenant " + tenant.name());
        }
        return new Allocated(locked, tenant.name(), false);
    }

    /**
     * Ends the allocation's hold on its block: the block enters quarantine and the tenant's quota gets the unit back.
     * The caller holds the allocation's row lock, so a block is never freed twice.
     */
    void letGo(Allocation allocation, AllocationState end, String why) {
        Instant now = clock.instant();
        int freed = blocks.free(allocation.hostIdStart(), allocation.id(), allocation.tenantId(), now);
        if (freed != 1) {
            throw new IllegalStateException("allocation " + allocation.id() + " in state " + allocation.state()
                    + " does not hold block " + allocation.hostIdStart());
        }
        tenants.returnQuota(allocation.tenantId());
        allocation.moveTo(end, now);
        record(allocation, why);
        log.info(
                "Pod {} let go of block {} (host IDs from {}): {}; quarantined until {}",
                allocation.podUid(),
                allocation.block(),
                allocation.hostIdStart(),
                why,
                now.plus(poolProperties.quarantine()));
    }

    @Transactional(readOnly = true)
    public Allocated get(String tenantName, UUID podUid) {
        Tenant tenant = tenantService.get(tenantName);
        Allocation allocation = allocations
                .findFirstByTenantIdAndPodUidOrderByIdDesc(tenant.id(), podUid)
                .orElseThrow(() -> ApiException.notFound("allocation for pod " + podUid));
        return new Allocated(allocation, tenant.name(), false);
    }

    @Transactional(readOnly = true)
    public List<HistoryEntry> history(String tenantName, UUID podUid) {
        return history.findByAllocationIdOrderByIdAsc(
                get(tenantName, podUid).allocation().id());
    }

    @Transactional(readOnly = true)
    public Page<Allocation> search(String tenantName, String node, AllocationState state, int page, int size) {
        Tenant tenant = tenantService.get(tenantName);
        return allocations.search(tenant.id(), node, state, PageRequest.of(page, size));
    }

    /** Blocks by state as the given tenant would see them for its next allocation. */
    @Transactional(readOnly = true)
    public BlockCounts counts(long tenantId) {
        return counts(tenantId, clock.instant().minus(poolProperties.quarantine()));
    }

    /** Blocks by state across the whole pool, whoever held them last. */
    @Transactional(readOnly = true)
    public BlockCounts poolCounts() {
        return counts(NO_TENANT, clock.instant().minus(poolProperties.quarantine()), true);
    }

    private BlockCounts counts(long tenantId, Instant cutoff) {
        return counts(tenantId, cutoff, poolProperties.crossTenantReuse());
    }

    private BlockCounts counts(long tenantId, Instant cutoff, boolean crossTenant) {
        Object[] row = blocks.countForTenant(tenantId, cutoff, crossTenant).get(0);
        Instant oldest = row[4] == null ? null : toInstant(row[4]);
        return new BlockCounts(
                ((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue(),
                ((Number) row[3]).longValue(),
                oldest == null ? null : oldest.plus(poolProperties.quarantine()));
    }

    private void record(Allocation allocation, String detail) {
        history.save(new HistoryEntry(allocation.id(), allocation.state(), allocation.updatedAt(), detail));
    }

    private ApiException quotaExceeded(Tenant tenant) {
        int used = tenants.usedBlocks(tenant.id());
        return new ApiException(
                HttpStatus.CONFLICT,
                "quota-exceeded",
                "Quota exceeded",
                "tenant " + tenant.name() + " holds " + used + " blocks of its quota of " + tenant.quotaBlocks()
                        + "; release a block or ask an admin to raise the quota",
                List.of(),
                Map.of("quotaBlocks", tenant.quotaBlocks(), "usedBlocks", used));
    }

    private static ApiException poolExhausted(BlockCounts counts) {
        String next = counts.nextFreeAt() == null
                ? "no block is in quarantine, so none frees by itself; release blocks or widen the pool"
                : "the next block leaves quarantine at " + counts.nextFreeAt();
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "pool-exhausted",
                "Pool exhausted",
                "no free block: " + counts.free() + " free, " + counts.quarantined() + " in quarantine, "
                        + counts.held() + " held; " + next,
                List.of(),
                counts.nextFreeAt() == null
                        ? Map.of("freeBlocks", counts.free(), "quarantinedBlocks", counts.quarantined())
                        : Map.of(
                                "freeBlocks",
                                counts.free(),
                                "quarantinedBlocks",
                                counts.quarantined(),
                                "nextFreeAt",
                                counts.nextFreeAt().toString()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(attempt, 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free block", e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException(
                "unexpected timestamp type " + value.getClass().getName());
    }

    /** An allocation with its tenant's name, and whether the call that returned it created it. */
    public record Allocated(Allocation allocation, String tenant, boolean created) {}

    /**
     * Blocks by state, as seen by one tenant.
     *
     * @param nextFreeAt when the oldest quarantined block leaves quarantine, or null if none is quarantined
     */
    public record BlockCounts(long free, long quarantined, long held, long retired, Instant nextFreeAt) {}
}
