package io.uidalloc.service.local;

import io.uidalloc.node.cli.Main;
import io.uidalloc.service.node.NodeService;
import io.uidalloc.service.outbox.EventsProperties;
import io.uidalloc.service.support.LocalNodeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestComponent;

/**
 * The node client of the local run, for this machine: it applies pods with the kernel when this process may, and
 * otherwise runs in its dry-run mode. Stopping the run revokes every pod it applied.
 */
@TestComponent
class LocalNodeClient implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LocalNodeClient.class);

    static final Path WORK = Path.of(System.getProperty("java.io.tmpdir"), "uidalloc-local");

    private final NodeService nodes;
    private final EventsProperties events;
    private final KafkaConnectionDetails kafka;
    private LocalNodeAgent agent;

    LocalNodeClient(NodeService nodes, EventsProperties events, KafkaConnectionDetails kafka) {
        this.nodes = nodes;
        this.events = events;
        this.kafka = kafka;
    }

    /**
     * Registers this machine as a node and starts its agent.
     *
     * @return how the agent runs, in one sentence for the start-up output
     */
    String start(String serviceUrl) throws Exception {
        String node = LocalNode.name();
        String token = nodes.list().stream().anyMatch(n -> n.name().equals(node) && n.registered())
                ? nodes.rotateToken(node)
                : nodes.register(node);
        Path volumes = Files.createDirectories(WORK.resolve("volumes"));
        // Each local run starts with a new database, whose event sequences start again at 1; the progress of the
        // previous run would only make the agent warn that the service is behind it. Pods a crashed run left are
        // still found and removed: the agent reconciles against the kernel, not against this file.
        Files.deleteIfExists(WORK.resolve("node").resolve("state").resolve("progress.json"));
        Optional<String> cannotApply = Main.cannotApply();
        agent = LocalNodeAgent.start(
                node,
                serviceUrl,
                token,
                String.join(",", kafka.getBootstrapServers()),
                events.signingPublicKey(),
                WORK.resolve("node"),
                volumes,
                cannotApply.isPresent());
        return cannotApply
                .map(reason -> "node " + node + ", DRY-RUN mode (" + reason + "): it reports what it would do and"
                        + " applies nothing")
                .orElse("node " + node + " applies pods with the kernel (user namespaces, id-mapped mounts);"
                        + " volumes may live under " + volumes);
    }

    @Override
    public void destroy() {
        if (agent != null) {
            log.info("Stopping the local node client; it revokes the pods it applied");
            agent.close();
        }
    }
}
