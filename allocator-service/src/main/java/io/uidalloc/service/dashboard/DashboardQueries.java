package io.uidalloc.service.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dashboard's read-only SQL: aggregates and whole-pool reads that no feature's repository needs.
 *
 * <p>A block's state follows the rules of the block table (see the migration): held when {@code held_by} is set,
 * retired when out of the pool, quarantined when released after the cutoff, free otherwise. The tenant of a block is
 * its holder's, or the last holder's once released.
 */
@Repository
@Transactional(readOnly = true)
class DashboardQueries {

    private static final String BLOCK_COLUMNS = """
            b.first_host_id, b.size, b.in_pool, b.held_by, b.released_at,
            coalesce(a.tenant_id, b.last_tenant_id) as tenant_id, t.name as tenant,
            a.pod_uid, a.namespace, a.pod_name, a.node, a.created_at
            """;

    private static final String BLOCK_JOINS = """
            from block b
            left join allocation a on a.id = b.held_by
            left join tenant t on t.id = coalesce(a.tenant_id, b.last_tenant_id)
            """;

    private final NamedParameterJdbcTemplate jdbc;

    DashboardQueries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One block as the map needs it: where it starts, its state and its tenant's ID (0 for none). */
    record BlockCell(long firstHostId, long size, BlockState state, long tenantId) {}

    /** A block with its current or last holder, for the map's tooltip and the list of blocks in use. */
    record BlockRow(
            long firstHostId,
            long size,
            BlockState state,
            String tenant,
            UUID podUid,
            String namespace,
            String podName,
            String node,
            Instant heldSince,
            Instant releasedAt) {}

    /** Allocations created and blocks let go in one minute, counted back from now (0 is the minute up to now). */
    record MinuteCount(int minutesAgo, long allocations, long releases) {}

    /** An allocation that failed on its node, with the node's reason. */
    record FailedAllocation(
            long id,
            String tenant,
            UUID podUid,
            String namespace,
            String podName,
            String node,
            String reason,
            Instant failedAt) {}

    /** Every block, in the order of host IDs, one row at a time. */
    void eachBlock(Instant quarantineCutoff, Consumer<BlockCell> cell) {
        jdbc.query("""
                select b.first_host_id, b.size, b.in_pool, b.held_by, b.released_at,
                       coalesce(a.tenant_id, b.last_tenant_id) as tenant_id
                from block b left join allocation a on a.id = b.held_by
                order by b.first_host_id
                """, rs -> {
            cell.accept(new BlockCell(
                    rs.getLong("first_host_id"),
                    rs.getLong("size"),
                    state(rs, quarantineCutoff),
                    rs.getLong("tenant_id")));
        });
    }

    /** Held and quarantined blocks, lowest first, optionally of one tenant only. */
    List<BlockRow> blocksInUse(Instant quarantineCutoff, Long tenantId, int limit) {
        return jdbc.query(
                "select " + BLOCK_COLUMNS + BLOCK_JOINS + """
                where (b.held_by is not null or (b.in_pool and b.released_at > :cutoff))
                  and (cast(:tenant as bigint) is null or coalesce(a.tenant_id, b.last_tenant_id) = :tenant)
                order by b.first_host_id limit :limit
                """,
                new MapSqlParameterSource()
                        .addValue("cutoff", timestamp(quarantineCutoff))
                        .addValue("tenant", tenantId)
                        .addValue("limit", limit),
                (rs, row) -> blockRow(rs, quarantineCutoff));
    }

    /** The block that contains the host ID, if the block table has one. */
    Optional<BlockRow> blockContaining(long hostId, Instant quarantineCutoff) {
        return jdbc
                .query(
                        "select " + BLOCK_COLUMNS + BLOCK_JOINS + """
                        where b.first_host_id <= :hostId and b.first_host_id + b.size > :hostId
                        """,
                        Map.of("hostId", hostId),
                        (rs, row) -> blockRow(rs, quarantineCutoff))
                .stream()
                .findFirst();
    }

    /**
     * Allocations created, and blocks let go by a release, per minute over the last {@code minutes} minutes before
     * {@code now}. Minutes without either are left out.
     */
    List<MinuteCount> perMinute(Instant now, int minutes) {
        return jdbc.query(
                """
                with events as (
                    select created_at as at, 1 as allocated, 0 as released from allocation
                    where created_at > :from and created_at <= :now
                    union all
                    select released_at, 0, 1 from allocation
                    where state <> 'FAILED' and released_at > :from and released_at <= :now)
                select floor(extract(epoch from (cast(:now as timestamptz) - at)) / 60)::int as minutes_ago,
                       sum(allocated) as allocations, sum(released) as releases
                from events group by 1 order by 1
                """,
                new MapSqlParameterSource()
                        .addValue("now", timestamp(now))
                        .addValue("from", timestamp(now.minusSeconds(60L * minutes))),
                (rs, row) -> new MinuteCount(rs.getInt(1), rs.getLong(2), rs.getLong(3)));
    }

    /** The most recent failed allocations. */
    List<FailedAllocation> failedAllocations(int limit) {
        return jdbc.query(
                """
                select a.id, t.name, a.pod_uid, a.namespace, a.pod_name, a.node, a.failure_reason, a.updated_at
                from allocation a join tenant t on t.id = a.tenant_id
                where a.state = 'FAILED'
                order by a.updated_at desc, a.id desc limit :limit
                """,
                Map.of("limit", limit),
                (rs, row) -> new FailedAllocation(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        instant(rs, 8)));
    }

    long failedAllocationCount() {
        Long count =
                jdbc.queryForObject("select count(*) from allocation where state = 'FAILED'", Map.of(), Long.class);
        return count == null ? 0 : count;
    }

    /** Failed allocations per node, for the Nodes page. */
    Map<String, Long> failedAllocationsByNode() {
        return jdbc.query(
                "select node, count(*) from allocation where state = 'FAILED' group by node", Map.of(), rs -> {
                    Map<String, Long> counts = new HashMap<>();
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                    return counts;
                });
    }

    private static BlockRow blockRow(ResultSet rs, Instant quarantineCutoff) throws SQLException {
        return new BlockRow(
                rs.getLong("first_host_id"),
                rs.getLong("size"),
                state(rs, quarantineCutoff),
                rs.getString("tenant"),
                rs.getObject("pod_uid", UUID.class),
                rs.getString("namespace"),
                rs.getString("pod_name"),
                rs.getString("node"),
                instant(rs, "created_at"),
                instant(rs, "released_at"));
    }

    private static BlockState state(ResultSet rs, Instant quarantineCutoff) throws SQLException {
        rs.getLong("held_by");
        if (!rs.wasNull()) {
            return BlockState.HELD;
        }
        if (!rs.getBoolean("in_pool")) {
            return BlockState.RETIRED;
        }
        Instant released = instant(rs, "released_at");
        return released != null && released.isAfter(quarantineCutoff) ? BlockState.QUARANTINED : BlockState.FREE;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    // The PostgreSQL driver binds OffsetDateTime as timestamptz; it has no binding for Instant.
    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
