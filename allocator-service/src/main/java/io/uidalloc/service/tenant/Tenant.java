package io.uidalloc.service.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A tenant: one customer's cluster scheduler, with a quota of blocks held at once. {@code usedBlocks} is maintained by
 * the allocation's SQL under the tenant's row lock, never by this entity.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(name = "quota_blocks", nullable = false)
    private int quotaBlocks;

    @Column(name = "used_blocks", nullable = false, insertable = false, updatable = false)
    private int usedBlocks;

    @Column(name = "token_hash", nullable = false)
    private byte[] tokenHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Tenant() {}

    Tenant(String name, int quotaBlocks, byte[] tokenHash, Instant createdAt) {
        this.name = name;
        this.quotaBlocks = quotaBlocks;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public int quotaBlocks() {
        return quotaBlocks;
    }

    public int usedBlocks() {
        return usedBlocks;
    }

    public Instant createdAt() {
        return createdAt;
    }

    void changeQuota(int quotaBlocks) {
        this.quotaBlocks = quotaBlocks;
    }

    void replaceToken(byte[] tokenHash) {
        this.tokenHash = tokenHash;
    }
}
