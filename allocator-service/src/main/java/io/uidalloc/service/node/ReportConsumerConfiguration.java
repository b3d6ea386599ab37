package io.uidalloc.service.node;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** How the report consumer treats a report it could not handle. */
@Configuration(proxyBeanMethods = false)
class ReportConsumerConfiguration {

    /**
     * Retries for as long as it takes, with growing pauses: a report fails to apply when the database is unreachable,
     * and skipping it would lose a node's confirmation. Unreadable reports never get here; the listener skips them.
     */
    @Bean
    CommonErrorHandler reportErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }
}
