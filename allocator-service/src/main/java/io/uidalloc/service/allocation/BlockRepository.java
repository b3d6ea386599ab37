package io.uidalloc.service.allocation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The SQL that picks, holds and frees blocks.
 *
 * <p>How a pick works, and why it is safe with any number of service instances: each candidate query reads the head
 * of one partial index of free blocks and locks that row with {@code FOR UPDATE SKIP LOCKED}, so concurrent
 * allocations take different rows instead of queueing on the same one. The lock is taken in a query of its own; the
 * row is then marked held by key, guarded by {@code held_by is null}. Should that guard ever find the row taken, the
 * caller tries again. Underneath, the database refuses what no code path may do: the unique {@code held_by}, the
 * exclusion constraint on held allocation ranges and the unique held pod UID. Each query touches a bounded number of
 * index entries, whatever the number of blocks held.
 */
public interface BlockRepository extends JpaRepository<Block, Long> {

    /** The block the tenant's last allocation with this stable key held, if nobody has taken it since. */
    @Query(value = """
                    with last as (
                        select host_id_start from allocation
                        where tenant_id = :tenant and stable_key = :stableKey
                        order by id desc limit 1)
                    select b.first_host_id from block b join last on b.first_host_id = last.host_id_start
                    where b.held_by is null and b.in_pool and b.last_tenant_id = :tenant
                    for update of b skip locked
                    """, nativeQuery = true)
    Optional<Long> lockStableBlock(@Param("tenant") long tenantId, @Param("stableKey") String stableKey);

    /** A block this tenant held before, out of quarantine, least recently released first. */
    @Query(value = """
                    select first_host_id from block
                    where held_by is null and in_pool and last_tenant_id = :tenant and released_at <= :cutoff
                    order by last_tenant_id, released_at limit 1
                    for update skip locked
                    """, nativeQuery = true)
    Optional<Long> lockOwnReleasedBlock(@Param("tenant") long tenantId, @Param("cutoff") Instant quarantineCutoff);

    /** A block nobody ever held, lowest first. */
    @Query(value = """
                    select first_host_id from block
                    where held_by is null and in_pool and last_tenant_id is null
                    order by first_host_id limit 1
                    for update skip locked
                    """, nativeQuery = true)
    Optional<Long> lockNeverHeldBlock();

    /** A block another tenant held, out of quarantine, least recently released first. */
    @Query(value = """
                    select first_host_id from block
                    where held_by is null and in_pool and last_tenant_id is not null
                      and last_tenant_id <> :tenant and released_at <= :cutoff
                    order by released_at limit 1
                    for update skip locked
                    """, nativeQuery = true)
    Optional<Long> lockOtherTenantsBlock(@Param("tenant") long tenantId, @Param("cutoff") Instant quarantineCutoff);

    /** Marks a locked block held; 0 if it is held already, which the caller treats as "pick again". */
    @Modifying(flushAutomatically = true)
    @Query(
            value = "update block set held_by = :allocation where first_host_id = :start and held_by is null",
            nativeQuery = true)
    int hold(@Param("start") long firstHostId, @Param("allocation") long allocationId);

    /** Lets the block go: it enters quarantine, remembered as last held by this tenant. */
    @Modifying(flushAutomatically = true)
    @Query(value = """
                    update block set held_by = null, last_tenant_id = :tenant, released_at = :now
                    where first_host_id = :start and held_by = :allocation
                    """, nativeQuery = true)
    int free(
            @Param("start") long firstHostId,
            @Param("allocation") long allocationId,
            @Param("tenant") long tenantId,
            @Param("now") Instant now);

    /**
     * Counts blocks by state in one pass: free and quarantined as seen by {@code tenant} (with cross-tenant reuse
     * off, other tenants' blocks are neither), plus held and retired. Used to tell an exhausted pool from a pick
     * that lost a race, and for the pool overview.
     */
    @Query(value = """
                    select
                      count(*) filter (where held_by is null and in_pool and (last_tenant_id is null
                          or (released_at <= :cutoff and (:crossTenant or last_tenant_id = :tenant)))) as free,
                      count(*) filter (where held_by is null and in_pool and released_at > :cutoff
                          and (:crossTenant or last_tenant_id = :tenant)) as quarantined,
                      count(*) filter (where held_by is not null) as held,
                      count(*) filter (where held_by is null and not in_pool) as retired,
                      min(released_at) filter (where held_by is null and in_pool and released_at > :cutoff
                          and (:crossTenant or last_tenant_id = :tenant)) as oldest_quarantined
                    from block
                    """, nativeQuery = true)
    List<Object[]> countForTenant(
            @Param("tenant") long tenantId,
            @Param("cutoff") Instant quarantineCutoff,
            @Param("crossTenant") boolean crossTenantReuse);
}
