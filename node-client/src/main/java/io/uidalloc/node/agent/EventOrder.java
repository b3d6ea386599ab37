package io.uidalloc.node.agent;

import io.uidalloc.contract.AssignmentEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts one node's verified events back into sequence order. The service numbers each node's events 1, 2, 3, ...
 * without gaps, and Kafka delivers them at least once, so an event is either the next one (apply it), one already
 * applied (a duplicate: drop it), or one whose predecessor has not arrived yet. The last kind is held; if the missing
 * event does not turn up within the gap timeout, {@link #gapOutlived} says so and the agent resyncs, after which
 * {@link #resetTo} continues from the resync's sequence.
 *
 * <p>Not thread-safe: only the agent's thread uses it. Time is passed in, so that the tests need no sleeping.
 */
final class EventOrder {

    private final Duration gapTimeout;
    private final NavigableMap<Long, AssignmentEvent> held = new TreeMap<>();
    private long last;
    private Instant gapSince;

    EventOrder(Duration gapTimeout, long last) {
        this.gapTimeout = gapTimeout;
        this.last = last;
    }

    /** The sequence of the last event handed out for applying. */
    long last() {
        return last;
    }

    /** Whether {@code event} was handed out before, or is covered by a resync. */
    boolean isDuplicate(AssignmentEvent event) {
        return event.sequence() <= last;
    }

    /**
     * Accepts an event that is not a duplicate.
     *
     * @return the events to apply now, in order: {@code event} and any held successors it unblocks; empty if
     *     {@code event} must wait for a missing predecessor
     */
    List<AssignmentEvent> accept(AssignmentEvent event, Instant now) {
        if (isDuplicate(event)) {
            return List.of();
        }
        held.putIfAbsent(event.sequence(), event);
        return drain(now);
    }

    /** The first sequence that is missing while later events wait, if any. */
    Optional<Long> missing() {
        return held.isEmpty() ? Optional.empty() : Optional.of(last + 1);
    }

    /** How many events wait for a missing predecessor. */
    int heldCount() {
        return held.size();
    }

    /** Whether a gap has lasted the gap timeout; the agent then resyncs. */
    boolean gapOutlived(Instant now) {
        return gapSince != null && !now.isBefore(gapSince.plus(gapTimeout));
    }

    /** When the current gap will have lasted the gap timeout, if there is a gap. */
    Optional<Instant> gapDeadline() {
        return Optional.ofNullable(gapSince).map(since -> since.plus(gapTimeout));
    }

    /**
     * Continues after a resync that brought the node to {@code sequence}: held events it covers are dropped, and
     * those that now follow without a gap are returned for applying.
     */
    List<AssignmentEvent> resetTo(long sequence, Instant now) {
        last = sequence;
        held.headMap(sequence, true).clear();
        gapSince = null;
        return drain(now);
    }

    private List<AssignmentEvent> drain(Instant now) {
        List<AssignmentEvent> ready = new ArrayList<>();
        while (!held.isEmpty() && held.firstKey() == last + 1) {
            ready.add(held.pollFirstEntry().getValue());
            last++;
        }
        if (held.isEmpty()) {
            gapSince = null;
        } else if (gapSince == null) {
            gapSince = now;
        }
        return ready;
    }
}
