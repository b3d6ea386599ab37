package io.uidalloc.node;

/**
 * A half-open range of host IDs {@code [start, start + size)}.
 *
 * @param start first ID
 * @param size number of IDs, at least 1
 */
public record IdRange(long start, long size) {

    public IdRange {
        if (size < 1) {
            throw new IllegalArgumentException("'size' must be at least 1, got " + size);
        }
        if (start < 0 || start > Long.MAX_VALUE - size) {
            throw new IllegalArgumentException(
                    "'start' must be between 0 and " + (Long.MAX_VALUE - size) + ", got " + start);
        }
    }

    /** The first ID after the range. */
    public long end() {
        return start + size;
    }

    /** The last ID in the range. */
    public long last() {
        return start + size - 1;
    }

    /** Whether the two ranges share at least one ID. */
    public boolean overlaps(IdRange other) {
        return start < other.end() && other.start < end();
    }

    /** Whether {@code other} lies entirely inside this range. */
    public boolean contains(IdRange other) {
        return other.start >= start && other.end() <= end();
    }

    /** {@code [start, end)}. */
    @Override
    public String toString() {
        return "[" + start + ", " + end() + ")";
    }
}
