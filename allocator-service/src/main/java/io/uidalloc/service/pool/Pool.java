package io.uidalloc.service.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated pool of host IDs {@code [first, end)} cut into blocks of {@code blockSize} IDs.
 *
 * <p>All arithmetic is 64-bit: host IDs are unsigned 32-bit values, and a product or sum of two of them does not fit
 * in an {@code int}. The kubelet once gave pods ranges starting at 0 because of exactly that overflow.
 */
public final class Pool {

    /** Host IDs per Kubernetes user-namespace block; every block size is a multiple of it. */
    public static final long KUBERNETES_BLOCK = 65536;

    /** The first host ID after block 0, which holds the host's own users. */
    public static final long FIRST_ALLOWED = KUBERNETES_BLOCK;

    /** The last ID any block may contain: 4294967295 is {@code (uid_t) -1}, which the kernel rejects. */
    public static final long LAST_ALLOWED = 4294967294L;

    /** The highest allowed end: the start of the 65536-ID block that contains 4294967295. */
    public static final long END_ALLOWED = 4294901760L;

    private final long first;
    private final long end;
    private final long blockSize;

    private Pool(long first, long end, long blockSize) {
        this.first = first;
        this.end = end;
        this.blockSize = blockSize;
    }

    /**
     * Validates the configured pool.
     *
     * @throws InvalidPoolException naming the property, its value and what to change
     */
    public static Pool of(long first, long end, long blockSize) {
        if (blockSize <= 0 || blockSize % KUBERNETES_BLOCK != 0) {
            throw new InvalidPoolException("uidalloc.pool.block-size must be a positive multiple of 65536, got "
                    + blockSize + "; use 65536 unless pods need more IDs");
        }
        if (first < FIRST_ALLOWED) {
            throw new InvalidPoolException("uidalloc.pool.first must be at least 65536 (block 0 holds the host's own"
                    + " users), got " + first);
        }
        if (first % blockSize != 0) {
            throw new InvalidPoolException("uidalloc.pool.first must be a multiple of the block size " + blockSize
                    + ", got " + first + "; the nearest valid values are " + Math.floorDiv(first, blockSize) * blockSize
                    + " and " + (Math.floorDiv(first, blockSize) + 1) * blockSize);
        }
        if (end > END_ALLOWED) {
            throw new InvalidPoolException("uidalloc.pool.end must be at most 4294901760 (the block containing"
                    + " 4294967295 is never handed out), got " + end);
        }
        if (end % blockSize != 0) {
            throw new InvalidPoolException(
                    "uidalloc.pool.end must be a multiple of the block size " + blockSize + ", got " + end
                            + "; the nearest valid value below is " + Math.floorDiv(end, blockSize) * blockSize);
        }
        if (end <= first) {
            throw new InvalidPoolException("uidalloc.pool.end (" + end + ") must be greater than uidalloc.pool.first ("
                    + first + ") by at least one block of " + blockSize);
        }
        return new Pool(first, end, blockSize);
    }

    public static Pool of(PoolProperties properties) {
        return of(properties.first(), properties.end(), properties.blockSize());
    }

    public long first() {
        return first;
    }

    public long end() {
        return end;
    }

    public long blockSize() {
        return blockSize;
    }

    public long blockCount() {
        return (end - first) / blockSize;
    }

    /** The first host ID of every block of the pool, in ascending order. */
    public List<Long> blockStarts() {
        List<Long> starts = new ArrayList<>((int) blockCount());
        for (long start = first; start < end; start += blockSize) {
            starts.add(start);
        }
        return starts;
    }

    /** The block number of a host ID range, counted in blocks of this pool's size from host ID 0. */
    public static long blockNumber(long hostIdStart, long size) {
        return hostIdStart / size;
    }

    @Override
    public String toString() {
        return "[" + first + ", " + end + ") in blocks of " + blockSize + " (" + blockCount() + " blocks)";
    }
}
