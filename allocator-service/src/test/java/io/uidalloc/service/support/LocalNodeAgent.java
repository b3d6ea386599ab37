package io.uidalloc.service.support;

import io.uidalloc.contract.Topics;
import io.uidalloc.node.IdRange;
import io.uidalloc.node.agent.AgentSettings;
import io.uidalloc.node.agent.NodeAgent;
import io.uidalloc.node.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real node agent in this JVM, pointed at a running service and broker: the node side of end-to-end runs. */
public final class LocalNodeAgent implements AutoCloseable {

    private final NodeAgent agent;
    private final Path mountRoot;
    private final Path stateDir;

    private LocalNodeAgent(NodeAgent agent, Path mountRoot, Path stateDir) {
        this.agent = agent;
        this.mountRoot = mountRoot;
        this.stateDir = stateDir;
    }

    /**
     * Starts an agent for the node.
     *
     * @param workDir where the agent keeps its token file, mount root and state directory
     * @param allowedRoot the directory pod volumes may live under
     * @param dryRun whether the agent only reports what it would do
     */
    public static LocalNodeAgent start(
            String node,
            String serviceUrl,
            String nodeToken,
            String bootstrapServers,
            String publicKey,
            Path workDir,
            Path allowedRoot,
            boolean dryRun) {
        try {
            Files.createDirectories(workDir);
            Path tokenFile = workDir.resolve("node-token");
            Files.writeString(tokenFile, nodeToken);
            Path mountRoot = workDir.resolve("mounts");
            Path stateDir = workDir.resolve("state");
            AgentSettings settings = new AgentSettings(
                    node,
                    URI.create(serviceUrl),
                    tokenFile,
                    bootstrapServers,
                    List.of(publicKey),
                    new IdRange(65536, 4294901760L - 65536),
                    List.of(allowedRoot),
                    mountRoot,
                    stateDir,
                    Topics.ASSIGNMENTS,
                    Topics.NODE_REPORTS,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(3),
                    dryRun,
                    true,
                    Map.of());
            return new LocalNodeAgent(Main.start(settings), mountRoot, stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the node agent's directories under " + workDir, e);
        }
    }

    public Path mountRoot() {
        return mountRoot;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Stops the agent; it revokes every pod it applied, so nothing stays mounted or pinned. */
    @Override
    public void close() {
        agent.close();
    }
}
