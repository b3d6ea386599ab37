package io.uidalloc.service.pool;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The validated pool and the clock that quarantine, history and heartbeats are measured with. */
@Configuration(proxyBeanMethods = false)
class PoolConfiguration {

    @Bean
    Pool pool(PoolProperties properties) {
        return Pool.of(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
