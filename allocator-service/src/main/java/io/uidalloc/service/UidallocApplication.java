package io.uidalloc.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The allocator service: hands out non-overlapping host UID/GID blocks to pods of many tenant clusters. */
// Callers are authenticated by tokens, not by user names and passwords: no user store to configure.
@SpringBootApplication(
        excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConfigurationPropertiesScan
@EnableScheduling
public class UidallocApplication {

    public static void main(String[] args) {
        SpringApplication.run(UidallocApplication.class, args);
    }
}
