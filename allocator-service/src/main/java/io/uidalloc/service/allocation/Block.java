package io.uidalloc.service.allocation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of the block table, read-only to JPA: every change to a block goes through the guarded SQL in
 * {@link BlockRepository}, which is where the no-overlap and free-list rules live.
 */
@Entity
@Table(name = "block")
public class Block {

    @Id
    @Column(name = "first_host_id")
    private long firstHostId;

    @Column(insertable = false, updatable = false)
    private long size;

    @Column(name = "in_pool", insertable = false, updatable = false)
    private boolean inPool;

    @Column(name = "held_by", insertable = false, updatable = false)
    private Long heldBy;

    @Column(name = "last_tenant_id", insertable = false, updatable = false)
    private Long lastTenantId;

    @Column(name = "released_at", insertable = false, updatable = false)
    private Instant releasedAt;

    protected Block() {}

    public long firstHostId() {
        return firstHostId;
    }

    public long size() {
        return size;
    }

    public boolean inPool() {
        return inPool;
    }

    public Long heldBy() {
        return heldBy;
    }

    public Long lastTenantId() {
        return lastTenantId;
    }

    public Instant releasedAt() {
        return releasedAt;
    }
}
