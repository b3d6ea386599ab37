package io.uidalloc.service.outbox;

import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventSigner;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The relay and the topics, when this instance talks to Kafka ({@code uidalloc.events.enabled}, on by default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "uidalloc.events.enabled", matchIfMissing = true)
class KafkaEventsConfiguration {

    @Bean
    OutboxRelay outboxRelay(
            DataSource dataSource,
            KafkaProperties kafka,
            KafkaConnectionDetails connection,
            EventsProperties properties,
            Clock clock,
            OutboxStatistics statistics,
            EventSigner signer,
            EventCodec codec) {
        String servers = String.join(",", connection.getProducer().getBootstrapServers());
        Supplier<Producer<String, String>> producers = () -> new KafkaProducer<>(producerSettings(kafka, servers));
        return new OutboxRelay(dataSource, producers, properties, clock, servers, statistics, signer, codec);
    }

    @Bean
    NewTopic assignmentsTopic(EventsProperties properties) {
        return new NewTopic(properties.assignmentsTopic(), properties.partitions(), properties.replicationFactor());
    }

    @Bean
    NewTopic reportsTopic(EventsProperties properties) {
        return new NewTopic(properties.reportsTopic(), properties.partitions(), properties.replicationFactor());
    }

    /**
     * Boot's producer settings, with what the outbox's guarantees rest on forced: every in-sync replica acknowledges,
     * and the producer is idempotent, so its own retries neither duplicate nor reorder a node's events. Timeouts are
     * short so an outage is noticed in seconds; the relay, not the producer, retries for as long as it lasts.
     */
    static Map<String, Object> producerSettings(KafkaProperties kafka, String bootstrapServers) {
        Map<String, Object> settings = new HashMap<>(kafka.buildProducerProperties());
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        settings.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        settings.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "uidalloc-relay");
        return settings;
    }
}
