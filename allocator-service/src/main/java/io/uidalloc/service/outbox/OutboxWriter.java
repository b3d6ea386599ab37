package io.uidalloc.service.outbox;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.AssignmentType;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.IdMapping;
import io.uidalloc.contract.Volume;
import io.uidalloc.service.allocation.Allocation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the events a node must act on into the outbox, inside the transaction that makes the change.
 *
 * <p>That is the whole delivery guarantee on this side: the event commits if and only if the change commits. The
 * per-node sequence comes from the node's row, incremented under its lock, so it has no gaps and the events of one
 * node commit in sequence order. The notification that wakes the relay is transactional too: PostgreSQL delivers it
 * at commit and drops it on rollback.
 *
 * <p>Events are written unsigned and signed by the relay as it publishes them: an Ed25519 signature costs about a
 * millisecond of CPU on JDK 17, and inside the transaction it would lengthen the hold on the node's row lock, which
 * serialises all of a node's allocations and releases.
 */
@Component
public class OutboxWriter {

    /** The channel the relay listens on. */
    static final String CHANNEL = "uidalloc_outbox";

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final Clock clock;

    OutboxWriter(JdbcTemplate jdbc, EventCodec codec, Clock clock) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * Locks the node's row until the transaction ends, creating it if the node is new.
     *
     * <p>Every transaction that writes events takes this lock before any allocation, block or tenant row, and the
     * report handling takes those in the order allocation, block, tenant; one order everywhere is what keeps
     * concurrent allocations, releases and heartbeats of a node free of deadlocks.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockNode(String node) {
        jdbc.queryForObject("""
                insert into node (name) values (?)
                on conflict (name) do update set last_sequence = node.last_sequence
                returning last_sequence
                """, Long.class, node);
    }

    /**
     * Appends an event about the allocation for its node.
     *
     * @return the event as written, with its sequence, and its JSON
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Written append(AssignmentType type, Allocation allocation, String tenant) {
        long sequence = nextSequence(allocation.node());
        Instant now = clock.instant();
        List<IdMapping> map = List.of(new IdMapping(0, allocation.hostIdStart(), allocation.size()));
        AssignmentEvent event = new AssignmentEvent(
                UUID.randomUUID(),
                AssignmentEvent.SCHEMA_VERSION,
                type,
                allocation.node(),
                sequence,
                tenant,
                allocation.podUid(),
                allocation.namespace(),
                allocation.podName(),
                allocation.block(),
                allocation.hostIdStart(),
                allocation.size(),
                map,
                map,
                allocation.volumes().stream()
                        .map(v -> new Volume(v.name(), v.hostPath(), v.containerPath(), v.readOnly()))
                        .toList(),
                now,
                null);
        String json = codec.encodeToString(event);
        jdbc.update(
                "insert into outbox (event_id, node, sequence, type, payload, created_at) values (?, ?, ?, ?, ?, ?)",
                event.eventId(),
                event.node(),
                sequence,
                type.name(),
                json,
                Timestamp.from(now));
        jdbc.queryForObject("select pg_notify(?, ?)::text", String.class, CHANNEL, allocation.node());
        return new Written(event, json);
    }

    /** The node's next sequence; the caller holds the node's row lock from {@link #lockNode}. */
    private long nextSequence(String node) {
        return jdbc.queryForObject("""
                update node set last_sequence = last_sequence + 1 where name = ? returning last_sequence
                """, Long.class, node);
    }

    /** An event in the outbox and its JSON, unsigned. */
    public record Written(AssignmentEvent event, String json) {}
}
