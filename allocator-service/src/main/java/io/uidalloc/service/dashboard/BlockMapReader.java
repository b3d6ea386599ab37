package io.uidalloc.service.dashboard;

import io.uidalloc.service.pool.Pool;
import io.uidalloc.service.pool.PoolProperties;
import io.uidalloc.service.tenant.Tenant;
import io.uidalloc.service.tenant.TenantService;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Reads the block map: every block's state and tenant, plus the holders of the blocks in use. */
@Component
class BlockMapReader {

    /** Rows of the list under the map; the map itself always shows every block. */
    static final int IN_USE_LIMIT = 1000;

    private final DashboardQueries queries;
    private final TenantService tenants;
    private final Pool pool;
    private final PoolProperties properties;
    private final Clock clock;

    BlockMapReader(DashboardQueries queries, TenantService tenants, Pool pool, PoolProperties properties, Clock clock) {
        this.queries = queries;
        this.tenants = tenants;
        this.pool = pool;
        this.properties = properties;
        this.clock = clock;
    }

    /** The map; {@code tenant}, when given, narrows the list of blocks in use to that tenant's. */
    BlockMap read(String tenant) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(properties.quarantine());
        List<Tenant> all = tenants.list();
        Map<Long, Integer> tenantIndex = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            tenantIndex.put(all.get(i).id(), i);
        }

        int cells = Math.toIntExact(pool.blockCount());
        // A cell the block table has no row for is taken by an overlapping block of an older pool shape.
        char[] states = new char[cells];
        Arrays.fill(states, BlockState.RETIRED.code());
        int[] owners = new int[cells];
        Arrays.fill(owners, -1);
        long[] notDrawn = {0};
        queries.eachBlock(cutoff, block -> {
            int cell = cell(block.firstHostId(), block.size());
            if (cell < 0) {
                notDrawn[0]++;
                return;
            }
            states[cell] = block.state().code();
            owners[cell] = tenantIndex.getOrDefault(block.tenantId(), -1);
        });

        Long tenantId = tenant == null ? null : tenants.get(tenant).id();
        List<BlockMap.Entry> inUse = queries.blocksInUse(cutoff, tenantId, IN_USE_LIMIT).stream()
                .map(this::entry)
                .toList();
        return new BlockMap(
                now,
                pool.first(),
                pool.blockSize(),
                cells,
                new String(states),
                owners,
                all.stream().map(Tenant::name).toList(),
                notDrawn[0],
                inUse,
                IN_USE_LIMIT);
    }

    /** The block that contains the host ID, with its holder, if the block table has it. */
    Optional<BlockMap.Entry> block(long hostId) {
        return queries.blockContaining(hostId, clock.instant().minus(properties.quarantine()))
                .map(this::entry);
    }

    private BlockMap.Entry entry(DashboardQueries.BlockRow row) {
        boolean held = row.state() == BlockState.HELD;
        Instant freeFrom =
                row.state() == BlockState.QUARANTINED ? row.releasedAt().plus(properties.quarantine()) : null;
        return new BlockMap.Entry(
                cell(row.firstHostId(), row.size()),
                Pool.blockNumber(row.firstHostId(), row.size()),
                row.firstHostId(),
                row.firstHostId() + row.size() - 1,
                row.state().label(),
                row.tenant(),
                row.podUid(),
                row.namespace(),
                row.podName(),
                row.node(),
                held ? row.heldSince() : row.releasedAt(),
                freeFrom);
    }

    private int cell(long firstHostId, long size) {
        long offset = firstHostId - pool.first();
        if (size != pool.blockSize() || offset < 0 || firstHostId >= pool.end() || offset % size != 0) {
            return -1;
        }
        return Math.toIntExact(offset / size);
    }
}
