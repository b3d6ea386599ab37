package io.uidalloc.node.agent;

import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.NodeReport;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the node's reports, keyed by node name, with an idempotent producer and {@code acks=all}: a report that
 * the broker acknowledged survives the loss of a broker, and the producer's own retries add no duplicates. The agent
 * calls {@link #flush} before it records progress, so that progress never runs ahead of what the service was told.
 */
final class ReportSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReportSender.class.getName());

    private final String node;
    private final String topic;
    private final EventCodec codec;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicInteger failedSinceFlush = new AtomicInteger();

    ReportSender(AgentSettings settings, EventCodec codec) {
        this.node = settings.node();
        this.topic = settings.reportsTopic();
        this.codec = codec;
        this.producer = new KafkaProducer<>(config(settings), new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> config(AgentSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "uidalloc-node-" + settings.node() + "-reports");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Reports are a few hundred bytes; the default 32 MiB of buffer would be most of the agent's memory.
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 1024 * 1024);
        return config;
    }

    /** Sends a report; a failure to deliver it is logged and makes the next {@link #flush} answer {@code false}. */
    void send(NodeReport report) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, node, codec.encode(report));
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                failedSinceFlush.incrementAndGet();
                LOG.log(
                        Level.WARNING,
                        "{0} report for pod {1} (sequence {2}) was not delivered to {3}: {4}; the service learns"
                                + " the state from the next heartbeat or resync",
                        report.type(),
                        report.podUid(),
                        report.sequence(),
                        topic,
                        exception.toString());
            }
        });
    }

    /**
     * Waits until every report sent so far is acknowledged or has failed.
     *
     * @return whether all of them were delivered
     */
    boolean flush() {
        producer.flush();
        return failedSinceFlush.getAndSet(0) == 0;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
