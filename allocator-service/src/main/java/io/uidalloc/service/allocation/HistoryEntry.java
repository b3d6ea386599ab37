package io.uidalloc.service.allocation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One state change of one allocation; written once, never changed. */
@Entity
@Table(name = "allocation_history")
public class HistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "allocation_id", nullable = false, updatable = false)
    private long allocationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private AllocationState state;

    @Column(nullable = false, updatable = false)
    private Instant at;

    @Column(updatable = false)
    private String detail;

    protected HistoryEntry() {}

    HistoryEntry(long allocationId, AllocationState state, Instant at, String detail) {
        this.allocationId = allocationId;
        this.state = state;
        this.at = at;
        this.detail = detail;
    }

    public AllocationState state() {
        return state;
    }

    public Instant at() {
        return at;
    }

    public String detail() {
        return detail;
    }
}
