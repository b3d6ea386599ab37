package io.uidalloc.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test data for the contract's types, so that each test states only the values it is about. */
final class TestEvents {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123456Z");
    static final UUID POD = UUID.fromString("3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f");

    private TestEvents() {}

    static AssignmentBuilder assignment() {
        return new AssignmentBuilder();
    }

    static NodeReport appliedReport() {
        return NodeReport.applied("node-a", POD, 7, NOW);
    }

    static NodeReport failedReport() {
        return NodeReport.failed("node-a", POD, 8, "nfs does not support id-mapped mounts: /srv/data", NOW);
    }

    static NodeReport revokedReport() {
        return NodeReport.revoked("node-a", POD, 9, NOW);
    }

    static NodeReport heartbeatReport() {
        Heartbeat heartbeat = new Heartbeat(
                "6.18.0-1-amd64",
                true,
                true,
                Map.of("ext4", true, "xfs", true, "tmpfs", true, "ceph", false),
                List.of(POD),
                9,
                false);
        return NodeReport.heartbeat("node-a", heartbeat, NOW);
    }

    /** Builds an {@link AssignmentEvent} for block 64 on node-a, changing only what a test sets. */
    static final class AssignmentBuilder {

        private UUID eventId = UUID.fromString("0c9a7f52-6a34-4b1e-8d5f-2e7c3b9a1d40");
        private AssignmentType type = AssignmentType.ASSIGNED;
        private String node = "node-a";
        private long sequence = 7;
        private long block = 64;
        private long size = 65536;
        private List<Volume> volumes = List.of(new Volume("data", "/srv/pods/data", "/data", false));

        AssignmentBuilder type(AssignmentType type) {
            this.type = type;
            return this;
        }

        AssignmentBuilder node(String node) {
            this.node = node;
            return this;
        }

        AssignmentBuilder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        AssignmentBuilder block(long block) {
            this.block = block;
            return this;
        }

        AssignmentBuilder volumes(List<Volume> volumes) {
            this.volumes = volumes;
            return this;
        }

        AssignmentEvent build() {
            long hostIdStart = block * size;
            IdMapping mapping = IdMapping.ofBlock(hostIdStart, size);
            return new AssignmentEvent(
                    eventId,
                    AssignmentEvent.SCHEMA_VERSION,
                    type,
                    node,
                    sequence,
                    "tenant-blue",
                    POD,
                    "shop",
                    "checkout-7d9f",
                    block,
                    hostIdStart,
                    size,
                    List.of(mapping),
                    List.of(mapping),
                    volumes,
                    NOW,
                    null);
        }
    }
}
