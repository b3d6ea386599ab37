package io.uidalloc.node.agent;

import io.uidalloc.node.IdRange;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the node agent is configured with; {@code cli.Options} builds it from the command line, the environment
 * and a properties file, and validates each value there.
 *
 * @param node this node's name, as Kubernetes knows it; also the record key on both topics
 * @param serviceUrl base URL of the allocator service, for the resync
 * @param tokenFile file holding the node's bearer token; read again at every resync so that a rotated token is used
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param publicKeys the allocator's Ed25519 public keys (base64 X.509) whose signatures are trusted
 * @param pool the host IDs this node may hand to pods
 * @param allowedRoots directories under which pod volumes may live
 * @param mountRoot directory holding the pods' id-mapped volume mounts
 * @param stateDir directory holding pinned namespaces, runtime-spec fragments and {@code progress.json}
 * @param topic the assignments topic
 * @param reportsTopic the node reports topic
 * @param heartbeatInterval time between two heartbeats
 * @param gapTimeout how long an event is held while its predecessor is missing, before the agent resyncs
 * @param dryRun whether the agent only logs what it would do
 * @param revokeAllOnExit whether the agent revokes every pod when it stops
 * @param kafkaProperties additional Kafka client properties (TLS, SASL), passed to both clients
 */
public record AgentSettings(
        String node,
        URI serviceUrl,
        Path tokenFile,
        String bootstrapServers,
        List<String> publicKeys,
        IdRange pool,
        List<Path> allowedRoots,
        Path mountRoot,
        Path stateDir,
        String topic,
        String reportsTopic,
        Duration heartbeatInterval,
        Duration gapTimeout,
        boolean dryRun,
        boolean revokeAllOnExit,
        Map<String, String> kafkaProperties) {

    public AgentSettings {
        Objects.requireNonNull(node, "'node' must not be null");
        Objects.requireNonNull(serviceUrl, "'serviceUrl' must not be null");
        Objects.requireNonNull(tokenFile, "'tokenFile' must not be null");
        Objects.requireNonNull(bootstrapServers, "'bootstrapServers' must not be null");
        Objects.requireNonNull(pool, "'pool' must not be null");
        Objects.requireNonNull(mountRoot, "'mountRoot' must not be null");
        Objects.requireNonNull(stateDir, "'stateDir' must not be null");
        Objects.requireNonNull(topic, "'topic' must not be null");
        Objects.requireNonNull(reportsTopic, "'reportsTopic' must not be null");
        Objects.requireNonNull(heartbeatInterval, "'heartbeatInterval' must not be null");
        Objects.requireNonNull(gapTimeout, "'gapTimeout' must not be null");
        publicKeys = List.copyOf(publicKeys);
        allowedRoots = List.copyOf(allowedRoots);
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /** {@code <stateDir>/progress.json}. */
    public Path progressFile() {
        return stateDir.resolve("progress.json");
    }
}
