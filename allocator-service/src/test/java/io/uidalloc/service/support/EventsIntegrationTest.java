package io.uidalloc.service.support;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventVerifier;
import io.uidalloc.contract.NodeReport;
import io.uidalloc.contract.SigningKeys;
import io.uidalloc.contract.Topics;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests of the event pipeline: the service with its relay and report consumer on, against a real Kafka
 * broker, with a signing key the tests know. Tests read the assignments topic as node clients would and write
 * reports onto the reports topic as node clients would.
 */
public abstract class EventsIntegrationTest extends IntegrationTest {

    /** The service's signing key in these tests; node clients would trust its public half. */
    protected static final KeyPair SIGNING_KEYS = SigningKeys.generate();

    protected static final EventCodec CODEC = new EventCodec();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("uidalloc.events.enabled", () -> "true");
        registry.add("uidalloc.events.await-node-confirmation", () -> "true");
        registry.add("uidalloc.events.partitions", () -> "4");
        registry.add("uidalloc.events.relay-poll-interval", () -> "200ms");
        registry.add(
                "uidalloc.events.signing-private-key", () -> SigningKeys.encodePrivateKey(SIGNING_KEYS.getPrivate()));
        registry.add("uidalloc.events.signing-public-key", () -> SigningKeys.encodePublicKey(SIGNING_KEYS.getPublic()));
        registry.add("uidalloc.events.generate-signing-key", () -> "false");
    }

    /**
     * Every event on the assignments topic for the node, in the order of the topic, verified against the service's
     * public key; waits until at least {@code atLeast} arrived and no more come for a moment.
     */
    protected static List<AssignmentEvent> eventsFor(String node, int atLeast, Duration timeout) {
        EventVerifier verifier = EventVerifier.of(SIGNING_KEYS.getPublic());
        return readAssignments(timeout, atLeast, node).stream()
                .map(record ->
                        verifier.decodeAndVerify(record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList();
    }

    /** The raw records of the assignments topic for the node, in topic order. */
    protected static List<ConsumerRecord<String, String>> readAssignments(Duration timeout, int atLeast, String node) {
        Properties settings = new Properties();
        settings.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            Instant deadline = Instant.now().plus(timeout);
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                partitions = consumer.partitionsFor(Topics.ASSIGNMENTS, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant quietUntil = null;
            while (Instant.now().isBefore(deadline)) {
                int before = found.size();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (node.equals(record.key())) {
                        found.add(record);
                    }
                }
                if (found.size() >= atLeast) {
                    if (found.size() != before || quietUntil == null) {
                        quietUntil = Instant.now().plusMillis(500);
                    } else if (Instant.now().isAfter(quietUntil)) {
                        break;
                    }
                }
            }
        }
        return found;
    }

    /** Sends a report as the node's client would: keyed by node name, acknowledged by all replicas. */
    protected static void report(NodeReport report) {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(Topics.NODE_REPORTS, report.node(), CODEC.encodeToString(report)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send report " + report, e);
        }
    }

    /** The sequences of the events, for messages. */
    protected static String sequences(List<AssignmentEvent> events) {
        return events.stream().map(e -> e.sequence() + ":" + e.type()).collect(Collectors.joining(", "));
    }
}
