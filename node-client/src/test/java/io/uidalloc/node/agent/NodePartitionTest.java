package io.uidalloc.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compares the agent's partition choice with what a real producer does with the same keys. */
class NodePartitionTest {

    private static final int PARTITIONS = 7;

    private static Broker broker;

    @BeforeAll
    static void startBroker() {
        broker = new Broker(PARTITIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void agentPicksThePartitionTheProducersDefaultPartitionerPicksForEveryNodeName() {
        Set<Integer> partitionsUsed = new HashSet<>();
        IntStream.range(0, 500)
                .mapToObj(i -> i % 5 == 0 ? "ip-10-0-" + i + "-17.eu-west-1.compute.internal" : "worker-" + i)
                .forEach(node -> {
                    int chosenByProducer = broker.publish(
                                    Broker.ASSIGNMENTS, node, node.getBytes(StandardCharsets.UTF_8))
                            .partition();

                    assertThat(NodePartition.of(node, PARTITIONS)).as(node).isEqualTo(chosenByProducer);
                    partitionsUsed.add(chosenByProducer);
                });
        // Also shows the test could fail: a function that always answered 0 would not match.
        assertThat(partitionsUsed).hasSize(PARTITIONS);
    }

    @Test
    void partitionCountBelowOneIsRefused() {
        assertThatThrownBy(() -> NodePartition.of("worker-1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
