package io.uidalloc.service.local;

import io.uidalloc.service.support.KafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The services the local run starts itself: each only when its connection is not configured, so the same launcher
 * runs against a real database or broker when given one.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({DemoTenant.class, LocalNodeClient.class})
class LocalServices {

    private static final Logger log = LoggerFactory.getLogger(LocalServices.class);

    @Bean(destroyMethod = "close")
    @Conditional(NoDatabaseConfigured.class)
    EmbeddedPostgres embeddedPostgres() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        log.info(
                "Started an embedded PostgreSQL on port {} (set spring.datasource.url to use another)",
                postgres.getPort());
        return postgres;
    }

    @Bean
    @Conditional(NoDatabaseConfigured.class)
    JdbcConnectionDetails embeddedPostgresConnection(EmbeddedPostgres postgres) {
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }

    @Bean(destroyMethod = "close")
    @Conditional(NoBrokerConfigured.class)
    KafkaBroker embeddedKafka() {
        KafkaBroker broker = KafkaBroker.create();
        broker.start();
        log.info(
                "Started a Kafka broker at {} (set spring.kafka.bootstrap-servers to use another)",
                broker.bootstrapServers());
        return broker;
    }

    @Bean
    @Conditional(NoBrokerConfigured.class)
    KafkaConnectionDetails embeddedKafkaConnection(KafkaBroker broker) {
        return () -> List.of(broker.bootstrapServers());
    }

    static class NoDatabaseConfigured implements org.springframework.context.annotation.Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.datasource.url");
        }
    }

    static class NoBrokerConfigured implements org.springframework.context.annotation.Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.kafka.bootstrap-servers");
        }
    }
}
