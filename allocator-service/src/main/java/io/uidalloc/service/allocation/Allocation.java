package io.uidalloc.service.allocation;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One pod's hold on one block, from allocation to release; never deleted, so it is also the history of the block. */
@Entity
@Table(name = "allocation")
public class Allocation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private long tenantId;

    @Column(name = "pod_uid", nullable = false, updatable = false)
    private UUID podUid;

    @Column(nullable = false, updatable = false)
    private String namespace;

    @Column(name = "pod_name", nullable = false, updatable = false)
    private String podName;

    @Column(nullable = false, updatable = false)
    private String node;

    @Column(name = "host_id_start", nullable = false, updatable = false)
    private long hostIdStart;

    @Column(nullable = false, updatable = false)
    private long size;

    @Column(name = "stable_key", updatable = false)
    private String stableKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AllocationState state;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "released_at")
    private Instant releasedAt;

    @Column(name = "assigned_sequence")
    private Long assignedSequence;

    @Column(name = "revoked_sequence")
    private Long revokedSequence;

    /** The ASSIGNED event as written to the outbox, unsigned; a node's resync receives it again, signed. */
    @Column(name = "assigned_event")
    private String assignedEvent;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "allocation_volume", joinColumns = @JoinColumn(name = "allocation_id"))
    @OrderColumn(name = "position")
    private List<VolumeMount> volumes = new ArrayList<>();

    protected Allocation() {}

    Allocation(
            long tenantId,
            UUID podUid,
            String namespace,
            String podName,
            String node,
            long hostIdStart,
            long size,
            String stableKey,
            List<VolumeMount> volumes,
            Instant now) {
        this.tenantId = tenantId;
        this.podUid = podUid;
        this.namespace = namespace;
        this.podName = podName;
        this.node = node;
        this.hostIdStart = hostIdStart;
        this.size = size;
        this.stableKey = stableKey;
        this.volumes = new ArrayList<>(volumes);
        this.state = AllocationState.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void moveTo(AllocationState next, Instant now) {
        this.state = next;
        this.updatedAt = now;
        if (!next.holdsBlock()) {
            this.releasedAt = now;
        }
    }

    void assigned(long sequence, String event) {
        this.assignedSequence = sequence;
        this.assignedEvent = event;
    }

    void revoked(long sequence) {
        this.revokedSequence = sequence;
    }

    void failureReason(String reason) {
        this.failureReason = reason;
    }

    public Long assignedSequence() {
        return assignedSequence;
    }

    public Long revokedSequence() {
        return revokedSequence;
    }

    public String assignedEvent() {
        return assignedEvent;
    }

    public Long id() {
        return id;
    }

    public long tenantId() {
        return tenantId;
    }

    public UUID podUid() {
        return podUid;
    }

    public String namespace() {
        return namespace;
    }

    public String podName() {
        return podName;
    }

    public String node() {
        return node;
    }

    public long hostIdStart() {
        return hostIdStart;
    }

    public long size() {
        return size;
    }

    public String stableKey() {
        return stableKey;
    }

    public AllocationState state() {
        return state;
    }

    public String failureReason() {
        return failureReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant releasedAt() {
        return releasedAt;
    }

    public List<VolumeMount> volumes() {
        return List.copyOf(volumes);
    }

    /** The block number counted in blocks of this allocation's size from host ID 0. */
    public long block() {
        return hostIdStart / size;
    }
}
