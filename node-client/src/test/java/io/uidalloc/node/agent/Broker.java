package io.uidalloc.node.agent;

import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.NodeReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker on a random port with the two topics, a producer standing in for the service and a
 * reader of the node reports.
 */
final class Broker implements AutoCloseable {

    static final String ASSIGNMENTS = "test.assignments";
    static final String REPORTS = "test.node-reports";
    private static final Duration REPORT_WAIT = Duration.ofSeconds(60);

    /** The broker logs its whole configuration at INFO; kept here because java.util.logging holds loggers weakly. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"));

    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> reportReader;
    private final EventCodec codec = new EventCodec();
    private final List<ConsumerRecord<String, byte[]>> reports = new ArrayList<>();

    Broker(int partitions) {
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        broker = new EmbeddedKafkaKraftBroker(1, partitions, ASSIGNMENTS, REPORTS);
        broker.afterPropertiesSet();
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        reportReader = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> all = reportReader.partitionsFor(REPORTS).stream()
                .map(info -> new TopicPartition(REPORTS, info.partition()))
                .toList();
        reportReader.assign(all);
        reportReader.seekToBeginning(all);
    }

    String servers() {
        return broker.getBrokersAsString();
    }

    /** Publishes a record as the service would, keyed by node name, and waits for the broker's acknowledgement. */
    RecordMetadata publish(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new AssertionError("publishing to " + topic + " failed", e.getCause());
        }
    }

    void publishEvent(String node, Object event) {
        publish(ASSIGNMENTS, node, event instanceof byte[] bytes ? bytes : codec.encode(event));
    }

    /** Every report of {@code node} read so far, in the order the broker holds them. */
    synchronized List<NodeReport> reportsOf(String node) {
        return reports.stream()
                .filter(record -> node.equals(record.key()))
                .map(record -> codec.decode(record.value(), NodeReport.class))
                .toList();
    }

    /**
     * Reads reports until {@code node} has sent one matching {@code wanted}, giving up after a minute.
     *
     * @return the reports of {@code node} up to and including the first match
     */
    List<NodeReport> awaitReport(String node, Predicate<NodeReport> wanted, String description) {
        return awaitReport(node, 0, wanted, description);
    }

    /**
     * Like {@link #awaitReport(String, Predicate, String)}, ignoring the first {@code skip} reports of {@code node}.
     *
     * @return the reports of {@code node} after the first {@code skip}, up to and including the first match
     */
    synchronized List<NodeReport> awaitReport(String node, int skip, Predicate<NodeReport> wanted, String description) {
        long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
        while (true) {
            List<NodeReport> all = reportsOf(node);
            List<NodeReport> ofNode = all.subList(Math.min(skip, all.size()), all.size());
            for (int i = 0; i < ofNode.size(); i++) {
                if (wanted.test(ofNode.get(i))) {
                    return ofNode.subList(0, i + 1);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no report " + description + " from " + node + " within " + REPORT_WAIT
                        + "; reports so far: " + ofNode);
            }
            reportReader.poll(Duration.ofMillis(200)).forEach(reports::add);
        }
    }

    @Override
    public void close() {
        producer.close();
        reportReader.close();
        broker.destroy();
    }
}
