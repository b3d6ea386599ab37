package io.uidalloc.service.benchmark;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uidalloc.contract.Topics;
import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.EventsIntegrationTest;
import io.uidalloc.service.support.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How long an allocation's event takes from its commit to the broker's acknowledgement, at light load: one allocation
 * at a time, with a pause between them. Prints its figures; asserts nothing about time.
 *
 * <p>Run with {@code ./mvnw -pl db,contract,node-client,allocator-service -am verify -Dgroups=benchmark
 * -Dtest=OutboxLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
@Import(OutboxLatencyBenchmark.RealClock.class)
class OutboxLatencyBenchmark extends EventsIntegrationTest {

    private static final int WARM_UP = 50;
    private static final int MEASURED = 300;
    private static final Duration PAUSE = Duration.ofMillis(50);

    @Autowired
    JdbcTemplate jdbc;

    /** Real time, not the tests' hand-moved clock: the benchmark reads the relay's own timestamps. */
    @TestConfiguration(proxyBeanMethods = false)
    static class RealClock {

        @Bean
        @Primary
        Clock systemClock() {
            return Clock.systemUTC();
        }
    }

    @Test
    void commitToAcknowledgementAtLightLoad() throws Exception {
        Api.Tenant tenant = tenant("latency", WARM_UP + MEASURED);
        String node = "node-latency-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> ackMicros = new ArrayList<>();
        List<Long> consumerMicros = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = tail()) {
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                String pod = UUID.randomUUID().toString();
                Map<String, Object> request = allocation(pod);
                request.put("node", node);
                assertThat(api.post(tenant.allocations(), tenant.token(), request)
                                .status())
                        .isEqualTo(201);
                Instant committed = Clock.systemUTC().instant();
                Instant received = receive(consumer, node, pod);
                if (i >= WARM_UP) {
                    consumerMicros.add(Duration.between(committed, received).toNanos() / 1000);
                }
                Thread.sleep(PAUSE.toMillis());
            }
        }
        await().until(() ->
                jdbc.queryForObject("select count(*) from outbox where published_at is null", Long.class) == 0);
        ackMicros.addAll(jdbc.queryForList("""
                select (extract(epoch from published_at - created_at) * 1000000)::bigint from outbox
                where node = ? order by id offset ?
                """, Long.class, node, WARM_UP));

        System.out.println();
        System.out.println("Outbox latency at light load: " + MEASURED + " allocations, one at a time, "
                + PAUSE.toMillis() + " ms apart, after " + WARM_UP + " warm-up allocations");
        print("written in the transaction -> broker acknowledged (relay's own clock)", ackMicros);
        print("HTTP answer received (after commit) -> consumer received the event", consumerMicros);
        System.out.println();
    }

    private static KafkaConsumer<String, String> tail() {
        Properties settings = new Properties();
        settings.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ASSIGNMENTS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static Instant receive(KafkaConsumer<String, String> consumer, String node, String pod) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (node.equals(record.key()) && record.value().contains(pod)) {
                    return Clock.systemUTC().instant();
                }
            }
        }
        throw new IllegalStateException("the event of pod " + pod + " did not arrive within 30 s");
    }

    private static void print(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf(
                "  %s: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)%n",
                what,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1) / 1000.0,
                sorted.size());
    }

    private static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
