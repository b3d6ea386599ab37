package io.uidalloc.service.pool;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the block table in line with the configured pool at start-up.
 *
 * <p>The pool may change between two starts while pods hold blocks. Blocks outside the new pool leave it: a held one
 * stays valid until released and is then retired, never handed out again. Blocks of the new pool are added, except
 * where they would overlap a block of an older shape that is still held; those are added by the first start after
 * that block is released. Instances starting side by side serialize on a transaction-scoped advisory lock.
 */
@Component
class PoolSynchronizer implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PoolSynchronizer.class);

    /** Advisory lock key for pool synchronisation: "uidpool" in ASCII. */
    private static final long SYNC_LOCK = 0x75_69_64_70_6f_6f_6cL;

    private static final String FITS = "first_host_id >= :first and first_host_id + size <= :end and size = :size"
            + " and (first_host_id - :first) % :size = 0";

    private final Pool pool;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    PoolSynchronizer(Pool pool, NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction) {
        this.pool = pool;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Runs once every bean exists (the schema is migrated by then) and before the web server takes requests. */
    @Override
    public void afterSingletonsInstantiated() {
        transaction.executeWithoutResult(status -> synchronize());
    }

    void synchronize() {
        Map<String, Long> params = Map.of("first", pool.first(), "end", pool.end(), "size", pool.blockSize());
        jdbc.queryForObject("select pg_advisory_xact_lock(:key)::text", Map.of("key", SYNC_LOCK), String.class);

        int left = jdbc.update("update block set in_pool = false where in_pool and not (" + FITS + ")", params);

        // A row of the pool's shape that is out of it comes back; a free row of another shape at a start of the
        // pool's grid takes the new shape, unless it would overlap a held block.
        int readmitted = jdbc.update("""
                with held as materialized (select first_host_id, size from block where held_by is not null)
                update block b set in_pool = true, size = :size
                where not b.in_pool and b.held_by is null
                  and b.first_host_id >= :first and b.first_host_id + :size <= :end
                  and (b.first_host_id - :first) % :size = 0
                  and not exists (select 1 from held h where h.first_host_id <> b.first_host_id
                                    and h.first_host_id < b.first_host_id + :size
                                    and h.first_host_id + h.size > b.first_host_id)
                """, params);

        int added = jdbc.update("""
                with held as materialized (select first_host_id, size from block where held_by is not null)
                insert into block (first_host_id, size, in_pool)
                select s, :size, true from generate_series(:first, :end - :size, :size) s
                where not exists (select 1 from held h
                                  where h.first_host_id < s + :size and h.first_host_id + h.size > s)
                on conflict (first_host_id) do nothing
                """, params);

        Long heldOutside = jdbc.queryForObject(
                "select count(*) from block where not in_pool and held_by is not null", Map.of(), Long.class);
        log.info(
                "Pool {}: {} blocks added, {} readmitted, {} left the pool ({} of those still held until released)",
                pool,
                added,
                readmitted,
                left,
                heldOutside);
    }
}
