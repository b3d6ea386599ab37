package io.uidalloc.service.allocation;

/**
 * The life of an allocation. The first three hold the block; the last two have let it go.
 *
 * <pre>
 * PENDING --node applied--> ACTIVE --release--> RELEASING --node revoked--> RELEASED
 *    |                                              ^
 *    +--node failed--> FAILED      PENDING --release-+
 * </pre>
 */
public enum AllocationState {
    PENDING,
    ACTIVE,
    FAILED,
    RELEASING,
    RELEASED;

    public boolean holdsBlock() {
        return this == PENDING || this == ACTIVE || this == RELEASING;
    }
}
