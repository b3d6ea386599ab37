package io.uidalloc.node.agent;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.AssignmentType;
import io.uidalloc.contract.IdMapping;
import io.uidalloc.contract.Volume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Test data: an assignment event with sensible defaults, changed one field at a time. */
final class EventBuilder {

    static final long BLOCK_SIZE = 65536;

    private AssignmentType type = AssignmentType.ASSIGNED;
    private String node;
    private long sequence;
    private UUID podUid = UUID.randomUUID();
    private long block = 20;
    private final List<Volume> volumes = new ArrayList<>();

    private EventBuilder(String node, long sequence) {
        this.node = node;
        this.sequence = sequence;
    }

    static EventBuilder assigned(String node, long sequence) {
        return new EventBuilder(node, sequence);
    }

    static EventBuilder revoked(String node, long sequence, UUID podUid) {
        EventBuilder builder = new EventBuilder(node, sequence);
        builder.type = AssignmentType.REVOKED;
        builder.podUid = podUid;
        return builder;
    }

    EventBuilder pod(UUID podUid) {
        this.podUid = podUid;
        return this;
    }

    EventBuilder block(long block) {
        this.block = block;
        return this;
    }

    EventBuilder node(String node) {
        this.node = node;
        return this;
    }

    EventBuilder volume(String name, String hostPath) {
        volumes.add(new Volume(name, hostPath, "/" + name, false));
        return this;
    }

    AssignmentEvent build() {
        long hostIdStart = block * BLOCK_SIZE;
        List<IdMapping> mapping = List.of(IdMapping.ofBlock(hostIdStart, BLOCK_SIZE));
        return new AssignmentEvent(
                UUID.randomUUID(),
                AssignmentEvent.SCHEMA_VERSION,
                type,
                node,
                sequence,
                "tenant-a",
                podUid,
                "default",
                "pod-" + sequence,
                block,
                hostIdStart,
                BLOCK_SIZE,
                mapping,
                mapping,
                volumes,
                Instant.parse("2025-01-01T00:00:00Z"),
                null);
    }
}
