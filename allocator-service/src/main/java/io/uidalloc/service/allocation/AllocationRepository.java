package io.uidalloc.service.allocation;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Allocations, current and past. */
public interface AllocationRepository extends JpaRepository<Allocation, Long> {

    /** The allocation that holds a block for this pod, whichever tenant it belongs to. */
    Optional<Allocation> findByPodUidAndStateIn(UUID podUid, Collection<AllocationState> states);

    /** The tenant's most recent allocation for this pod, held or not. */
    Optional<Allocation> findFirstByTenantIdAndPodUidOrderByIdDesc(long tenantId, UUID podUid);

    @Query("""
            select a from Allocation a
            where a.tenantId = :tenant and (:node is null or a.node = :node) and (:state is null or a.state = :state)
            order by a.id desc
            """)
    Page<Allocation> search(
            @Param("tenant") long tenantId,
            @Param("node") String node,
            @Param("state") AllocationState state,
            Pageable page);

    /**
     * Allocations of every tenant, newest first, for the admin's search. Each given field must match exactly; a null
     * field matches everything.
     */
    @Query("""
            select a from Allocation a
            where (:tenant is null or a.tenantId = :tenant) and (:podUid is null or a.podUid = :podUid)
              and (:namespace is null or a.namespace = :namespace) and (:podName is null or a.podName = :podName)
              and (:node is null or a.node = :node)
            order by a.id desc
            """)
    Page<Allocation> searchAllTenants(
            @Param("tenant") Long tenantId,
            @Param("podUid") UUID podUid,
            @Param("namespace") String namespace,
            @Param("podName") String podName,
            @Param("node") String node,
            Pageable page);

    /**
     * The tenant's most recent allocation for this pod, locked against concurrent state changes until the transaction
     * ends. It must be the transaction's first read of that allocation: a copy already loaded would not be refreshed.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Allocation a where a.tenantId = :tenant and a.podUid = :pod order by a.id desc limit 1")
    Optional<Allocation> lockLatest(@Param("tenant") long tenantId, @Param("pod") UUID podUid);

    /** The node of the tenant's most recent allocation for this pod, read without a lock. */
    @Query(
            value = "select node from allocation where tenant_id = :tenant and pod_uid = :pod order by id desc limit 1",
            nativeQuery = true)
    Optional<String> findNodeOfLatest(@Param("tenant") long tenantId, @Param("pod") UUID podUid);

    /** The allocation that holds a block for this pod, locked against concurrent state changes. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Allocation a where a.podUid = :pod and a.state in :states")
    Optional<Allocation> lockHolding(@Param("pod") UUID podUid, @Param("states") Collection<AllocationState> states);

    /** The allocations a node should hold now, oldest first. */
    @Query("select a from Allocation a where a.node = :node and a.state in :states order by a.id")
    List<Allocation> findByNodeAndStates(
            @Param("node") String node, @Param("states") Collection<AllocationState> states);

    /** The allocations on a node in these states, locked against concurrent state changes. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Allocation a where a.node = :node and a.state in :states order by a.id")
    List<Allocation> lockByNodeAndStates(
            @Param("node") String node, @Param("states") Collection<AllocationState> states);

    Optional<Allocation> findFirstByNodeAndPodUidOrderByIdDesc(String node, UUID podUid);

    /** The most recent allocations that failed on their node. */
    List<Allocation> findTop50ByStateOrderByUpdatedAtDesc(AllocationState state);

    /** Every allocation whose range contains the host ID, and that held it at {@code at} (or ever, if null). */
    @Query(value = """
                    select * from allocation
                    where int8range(host_id_start, host_id_start + size) @> cast(:hostId as bigint)
                      and (cast(:at as timestamptz) is null
                           or tstzrange(created_at, released_at) @> cast(:at as timestamptz))
                    order by created_at
                    """, nativeQuery = true)
    List<Allocation> findHolders(@Param("hostId") long hostId, @Param("at") Instant at);
}
