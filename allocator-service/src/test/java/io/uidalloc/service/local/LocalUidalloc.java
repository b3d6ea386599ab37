package io.uidalloc.service.local;

import io.uidalloc.service.UidallocApplication;
import org.springframework.boot.SpringApplication;

/**
 * The whole system on one machine for development: the service, plus a real PostgreSQL and a real Kafka broker
 * started for it unless {@code spring.datasource.url} or {@code spring.kafka.bootstrap-servers} point elsewhere.
 * Started by {@code ./mvnw -q -pl allocator-service -am test-compile spring-boot:test-run}; Ctrl-C stops it all.
 */
public final class LocalUidalloc {

    private LocalUidalloc() {}

    public static void main(String[] args) {
        SpringApplication.from(UidallocApplication::main)
                .with(LocalServices.class)
                .run(args);
    }
}
