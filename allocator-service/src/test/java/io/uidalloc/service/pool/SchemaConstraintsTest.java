package io.uidalloc.service.pool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uidalloc.service.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** PostgreSQL itself refuses what no code path may do, even a buggy one writing SQL directly. */
class SchemaConstraintsTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void blockZeroCannotExist() {
        assertThatThrownBy(
                        () -> jdbc.update("insert into block (first_host_id, size, in_pool) values (0, 65536, true)"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("block_avoids_host_users");
    }

    @Test
    void blockContaining4294967295CannotExist() {
        assertThatThrownBy(() -> jdbc.update(
                        "insert into block (first_host_id, size, in_pool) values (4294901760, 65536, false)"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("block_avoids_invalid_id");
    }

    @Test
    void twoHeldAllocationsCannotOverlap() {
        long tenant = insertTenant("overlap");
        insertAllocation(tenant, "00000000-0000-0000-0000-000000000001", 4294770688L, 65536);

        // a wider allocation starting one block lower covers the held one
        assertThatThrownBy(() -> insertAllocation(tenant, "00000000-0000-0000-0000-000000000002", 4294705152L, 131072))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("held_allocations_do_not_overlap");
    }

    @Test
    void onePodCannotHoldTwoBlocks() {
        long tenant = insertTenant("two-blocks");
        insertAllocation(tenant, "00000000-0000-0000-0000-000000000003", 4294639616L, 65536);

        assertThatThrownBy(() -> insertAllocation(tenant, "00000000-0000-0000-0000-000000000003", 4294574080L, 65536))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("allocation_one_held_per_pod");
    }

    private long insertTenant(String name) {
        return jdbc.queryForObject(
                "insert into tenant (name, quota_blocks, token_hash, created_at)"
                        + " values (?, 1, decode(md5(?), 'hex'), now()) returning id",
                Long.class,
                name,
                name);
    }

    private void insertAllocation(long tenant, String pod, long start, long size) {
        jdbc.update(
                "insert into allocation (tenant_id, pod_uid, namespace, pod_name, node, host_id_start, size, state,"
                        + " created_at, updated_at)"
                        + " values (?, ?::uuid, 'ns', 'pod', 'node', ?, ?, 'PENDING', now(), now())",
                tenant,
                pod,
                start,
                size);
    }
}
