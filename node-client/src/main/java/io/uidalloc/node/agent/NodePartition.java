package io.uidalloc.node.agent;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of the assignments topic that holds a node's events. The service publishes with the node name as
 * record key and Kafka's default partitioner, which for a keyed record picks {@code toPositive(murmur2(key)) % n}; the
 * agent computes the same partition so that it can read that one partition without joining a consumer group. The key
 * bytes are the node name in UTF-8, which is what the service's {@code StringSerializer} sends.
 */
public final class NodePartition {

    private NodePartition() {}

    /**
     * The partition Kafka's default partitioner chooses for a record keyed with {@code node}.
     *
     * @param node the node name, the record key
     * @param partitionCount the topic's number of partitions
     * @return a partition number in {@code [0, partitionCount)}
     */
    public static int of(String node, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("'partitionCount' must be at least 1, got " + partitionCount);
        }
        byte[] key = node.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
    }
}
