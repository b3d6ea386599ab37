package io.uidalloc.service.tenant;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Tenants, and the two guarded updates that keep their usage within quota. */
public interface TenantRepository extends JpaRepository<Tenant, Long> {

    Optional<Tenant> findByName(String name);

    Optional<Tenant> findByTokenHash(byte[] tokenHash);

    List<Tenant> findAllByOrderByNameAsc();

    /**
     * Counts one more block against the tenant's quota if it has room. The row lock this takes serialises the
     * tenant's concurrent allocations, so two of them can never both take the last unit of quota.
     *
     * @return 1 if the tenant had room, 0 if it is at or over its quota
     */
    @Modifying
    @Query(
            value = "update tenant set used_blocks = used_blocks + 1 where id = :id and used_blocks < quota_blocks",
            nativeQuery = true)
    int takeQuota(@Param("id") long tenantId);

    @Modifying
    @Query(value = "update tenant set used_blocks = used_blocks - 1 where id = :id", nativeQuery = true)
    int returnQuota(@Param("id") long tenantId);

    @Query(value = "select used_blocks from tenant where id = :id", nativeQuery = true)
    int usedBlocks(@Param("id") long tenantId);
}
