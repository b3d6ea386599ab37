package io.uidalloc.service.local;

import io.uidalloc.contract.SigningKeys;
import io.uidalloc.service.UidallocApplication;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system on one machine for development: the service, a real PostgreSQL and a real Kafka broker started
 * for it unless {@code spring.datasource.url} or {@code spring.kafka.bootstrap-servers} point elsewhere, and a node
 * client for this machine. Started by {@code ./mvnw -q -pl allocator-service -am test-compile spring-boot:test-run};
 * Ctrl-C stops it all.
 */
public final class LocalUidalloc {

    private LocalUidalloc() {}

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the local run with the profile {@code local}; closing the context stops everything it started. */
    static ConfigurableApplicationContext start(String... args) {
        // A key pair for this run: the service signs with it, the local node clients trust its public half.
        KeyPair keys = SigningKeys.generate();
        List<String> all = new ArrayList<>(List.of(
                "--spring.profiles.active=local",
                "--uidalloc.events.signing-private-key=" + SigningKeys.encodePrivateKey(keys.getPrivate()),
                "--uidalloc.events.signing-public-key=" + SigningKeys.encodePublicKey(keys.getPublic())));
        all.addAll(Arrays.asList(args));
        return SpringApplication.from(UidallocApplication::main)
                .with(LocalServices.class)
                .run(all.toArray(String[]::new))
                .getApplicationContext();
    }
}
