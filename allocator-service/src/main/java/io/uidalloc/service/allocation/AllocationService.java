package io.uidalloc.service.allocation;

import io.uidalloc.contract.AssignmentType;
import io.uidalloc.service.outbox.EventsProperties;
import io.uidalloc.service.outbox.OutboxWriter;
import io.uidalloc.service.pool.Pool;
import io.uidalloc.service.pool.PoolProperties;
import io.uidalloc.service.tenant.Tenant;
import io.uidalloc.service.tenant.TenantRepository;
import io.uidalloc.service.tenant.TenantService;
import io.uidalloc.service.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
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
 * mark the block held, record the history and write the ASSIGNED event for the node into the outbox. Any failure
 * rolls all of it back, the event included.
 *
 * <p>A release writes the REVOKED event and waits in RELEASING until the node confirms that it let go; only then does
 * the block enter quarantine and the quota come back. A block is never reclaimed from a node that may still run the
 * pod, except by an admin's forced release.
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
    private final OutboxWriter outbox;
    private final EventsProperties events;

    AllocationService(
            TenantService tenantService,
            TenantRepository tenants,
            AllocationRepository allocations,
            BlockRepository blocks,
            HistoryRepository history,
            Pool pool,
            PoolProperties poolProperties,
            Clock clock,
            TransactionTemplate transaction,
            OutboxWriter outbox,
            EventsProperties events) {
        this.tenantService = tenantService;
        this.tenants = tenants;
        this.allocations = allocations;
        this.blocks = blocks;
        this.history = history;
        this.pool = pool;
        this.poolProperties = poolProperties;
        this.clock = clock;
        this.transaction = transaction;
        this.outbox = outbox;
        this.events = events;
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

        outbox.lockNode(request.node());
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
        OutboxWriter.Written event = outbox.append(AssignmentType.ASSIGNED, allocation, tenant.name());
        allocation.assigned(event.event().sequence(), event.json());

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
     * Releases the pod's block: the node is told to revoke it, and the block frees when the node confirms. Releasing
     * again, or releasing an allocation that failed, changes nothing and answers with the current state.
     */
    @Transactional
    public Allocated release(String tenantName, UUID podUid) {
        Tenant tenant = tenantService.get(tenantName);
        Allocation allocation = lockLatest(tenant, podUid);
        if (allocation.state() == AllocationState.PENDING || allocation.state() == AllocationState.ACTIVE) {
            OutboxWriter.Written event = outbox.append(AssignmentType.REVOKED, allocation, tenant.name());
            allocation.revoked(event.event().sequence());
            if (events.awaitNodeConfirmation()) {
                allocation.moveTo(AllocationState.RELEASING, clock.instant());
                record(
                        allocation,
                        "released by tenant " + tenant.name() + "; waiting for node " + allocation.node()
                                + " to confirm");
            } else {
                letGo(
                        allocation,
                        AllocationState.RELEASED,
                        "released by tenant " + tenant.name() + " (node confirmation not awaited)");
            }
        }
        return new Allocated(allocation, tenant.name(), false);
    }

    /**
     * Frees the block of a release that its node never confirmed, for example because the node is lost. Only an admin
     * may do this: the pod may still run there, and the block may go to another pod afterwards.
     */
    @Transactional
    public Allocated forceRelease(String tenantName, UUID podUid) {
        Tenant tenant = tenantService.get(tenantName);
        Allocation allocation = lockLatest(tenant, podUid);
        if (allocation.state() == AllocationState.PENDING || allocation.state() == AllocationState.ACTIVE) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "not-releasing",
                    "Allocation is not being released",
                    "allocation of pod " + podUid + " is " + allocation.state()
                            + "; release it first (DELETE), and force only if its node never confirms");
        }
        if (allocation.state() == AllocationState.RELEASING) {
            log.warn(
                    "Admin forces the release of pod {} on node {}: block {} frees without the node's confirmation",
                    podUid,
                    allocation.node(),
                    allocation.block());
            letGo(allocation, AllocationState.RELEASED, "release forced by an admin without node confirmation");
        }
        return new Allocated(allocation, tenant.name(), false);
    }

    /**
     * The tenant's latest allocation for the pod, locked, after its node's lock: the order every writer of events
     * keeps (see {@link OutboxWriter#lockNode}). An allocation's node never changes, so reading it before the lock is
     * safe.
     */
    private Allocation lockLatest(Tenant tenant, UUID podUid) {
        allocations.findNodeOfLatest(tenant.id(), podUid).ifPresent(outbox::lockNode);
        return allocations
                .lockLatest(tenant.id(), podUid)
                .orElseThrow(() -> ApiException.notFound("allocation for pod " + podUid));
    }

    /**
     * The node applied the pod's ASSIGNED event. Anything but the answer to the allocation's current event, while it
     * waits for it, is stale or duplicate and changes nothing.
     *
     * @return what the report did, for the report log
     */
    @Transactional
    public String applied(String node, UUID podUid, long sequence) {
        return onHeldAllocation(node, podUid, allocation -> {
            if (allocation.state() != AllocationState.PENDING
                    || !Long.valueOf(sequence).equals(allocation.assignedSequence())) {
                return "ignored: allocation is " + allocation.state() + " at event " + allocation.assignedSequence();
            }
            allocation.moveTo(AllocationState.ACTIVE, clock.instant());
            record(allocation, "applied by node " + node);
            return "ACTIVE";
        });
    }

    /** The node could not apply the pod's ASSIGNED event and rolled back what it did; the block frees. */
    @Transactional
    public String failed(String node, UUID podUid, long sequence, String reason) {
        return onHeldAllocation(node, podUid, allocation -> {
            if (allocation.state() != AllocationState.PENDING
                    || !Long.valueOf(sequence).equals(allocation.assignedSequence())) {
                return "ignored: allocation is " + allocation.state() + " at event " + allocation.assignedSequence();
            }
            allocation.failureReason(reason);
            letGo(allocation, AllocationState.FAILED, "node " + node + " failed to apply: " + reason);
            return "FAILED";
        });
    }

    /** The node let go of the pod; a release that waited for it completes and the block enters quarantine. */
    @Transactional
    public String revoked(String node, UUID podUid, long sequence) {
        return onHeldAllocation(node, podUid, allocation -> {
            if (allocation.state() != AllocationState.RELEASING
                    || allocation.revokedSequence() == null
                    || sequence < allocation.revokedSequence()) {
                return "ignored: allocation is " + allocation.state() + ", revoked at event "
                        + allocation.revokedSequence();
            }
            letGo(allocation, AllocationState.RELEASED, "node " + node + " confirmed the release");
            return "RELEASED";
        });
    }

    /** The allocations a node should hold now: their ASSIGNED events make up its desired state. */
    @Transactional(readOnly = true)
    public List<Allocation> desiredOn(String node) {
        return allocations.findByNodeAndStates(node, EnumSet.of(AllocationState.PENDING, AllocationState.ACTIVE));
    }

    /**
     * Compares what a node holds with what is allocated to it, and publishes what it needs to converge: an ASSIGNED
     * event again for a pod it lacks, a REVOKED event for a pod it should not hold. A pod being released that the node
     * no longer holds completes its release. Only call this with the heartbeat of a node that has applied all its
     * events, or events in flight would look like drift.
     *
     * @return the differences found, each with what was done about it
     */
    @Transactional
    public List<Drift> reconcile(String node, Collection<UUID> heldPods) {
        Set<UUID> unexpected = new HashSet<>(heldPods);
        List<Drift> drift = new ArrayList<>();
        for (Allocation allocation : allocations.lockByNodeAndStates(node, HOLDING)) {
            boolean held = unexpected.remove(allocation.podUid());
            if (held) {
                continue;
            }
            if (allocation.state() == AllocationState.RELEASING) {
                letGo(allocation, AllocationState.RELEASED, "node " + node + " no longer holds the pod (heartbeat)");
                continue;
            }
            OutboxWriter.Written event = outbox.append(AssignmentType.ASSIGNED, allocation, tenantName(allocation));
            allocation.assigned(event.event().sequence(), event.json());
            record(
                    allocation,
                    "node " + node + " lacks the pod; ASSIGNED sent again as event "
                            + event.event().sequence());
            drift.add(new Drift(
                    allocation.podUid(),
                    "MISSING",
                    "sent ASSIGNED again as event " + event.event().sequence()));
        }
        for (UUID pod : unexpected) {
            Optional<Allocation> last = allocations.findFirstByNodeAndPodUidOrderByIdDesc(node, pod);
            if (last.isPresent()) {
                OutboxWriter.Written event = outbox.append(AssignmentType.REVOKED, last.get(), tenantName(last.get()));
                drift.add(new Drift(
                        pod,
                        "UNEXPECTED",
                        "sent REVOKED as event " + event.event().sequence()));
            } else {
                drift.add(new Drift(
                        pod,
                        "UNKNOWN",
                        "no allocation of this pod was ever on this node; remove it" + " from the node by hand"));
            }
        }
        return drift;
    }

    private String tenantName(Allocation allocation) {
        return tenants.findById(allocation.tenantId()).map(Tenant::name).orElseThrow();
    }

    private String onHeldAllocation(
            String node, UUID podUid, java.util.function.Function<Allocation, String> transition) {
        Optional<Allocation> held = allocations.lockHolding(podUid, HOLDING);
        if (held.isEmpty()) {
            return "ignored: pod holds no block";
        }
        if (!held.get().node().equals(node)) {
            return "ignored: pod is allocated to node " + held.get().node();
        }
        return transition.apply(held.get());
    }

    /**
     * Ends the allocation's hold on its block: the block enters quarantine and the tenant's quota gets the unit back.
     * The caller holds the allocation's row lock, so a block is never freed twice.
     */
    private void letGo(Allocation allocation, AllocationState end, String why) {
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

    /** A pod where a node and its allocations disagree, and what the service did about it. */
    public record Drift(UUID podUid, String kind, String action) {}

    /** An allocation with its tenant's name, and whether the call that returned it created it. */
    public record Allocated(Allocation allocation, String tenant, boolean created) {}

    /**
     * Blocks by state, as seen by one tenant.
     *
     * @param nextFreeAt when the oldest quarantined block leaves quarantine, or null if none is quarantined
     */
    public record BlockCounts(long free, long quarantined, long held, long retired, Instant nextFreeAt) {}
}
