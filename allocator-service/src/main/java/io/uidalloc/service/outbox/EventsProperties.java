package io.uidalloc.service.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How allocation events reach the nodes, and how their reports come back.
 *
 * @param enabled whether this instance talks to Kafka at all (the relay and the report consumer); the outbox is
 *     written either way, so nothing is lost while it is off
 * @param assignmentsTopic topic of the events for node clients; record key = node name
 * @param reportsTopic topic of the node clients' reports; record key = node name
 * @param partitions partitions of both topics when the service creates them
 * @param replicationFactor replication of both topics when the service creates them
 * @param signingPrivateKey base64 PKCS#8 Ed25519 private key that signs every event
 * @param signingPublicKey base64 X.509 public key of that private key; node clients trust it
 * @param generateSigningKey generate a throw-away key pair at start (local development only: node clients must be
 *     given the logged public key, and it changes at every start)
 * @param awaitNodeConfirmation whether a release waits in RELEASING until the node confirms (off only where no node
 *     client runs)
 * @param relayBatchSize events the relay publishes per round trip
 * @param relayPollInterval how often the relay looks for events when no notification arrives, and how often a
 *     standby instance tries to take over the relay
 * @param outageRetryMax the longest pause between two publication attempts while the broker is unreachable
 */
@ConfigurationProperties("uidalloc.events")
public record EventsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("uidalloc.assignments") String assignmentsTopic,
        @DefaultValue("uidalloc.node-reports") String reportsTopic,
        @DefaultValue("16") int partitions,
        @DefaultValue("1") short replicationFactor,
        String signingPrivateKey,
        String signingPublicKey,
        @DefaultValue("false") boolean generateSigningKey,
        @DefaultValue("true") boolean awaitNodeConfirmation,
        @DefaultValue("500") int relayBatchSize,
        @DefaultValue("1s") Duration relayPollInterval,
        @DefaultValue("10s") Duration outageRetryMax) {}
