package io.uidalloc.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminToken the operator's bearer token for the REST API and the dashboard login; at least 24 characters
 */
@ConfigurationProperties("uidalloc")
public record SecurityProperties(String adminToken) {

    static final int MIN_ADMIN_TOKEN_LENGTH = 24;

    public SecurityProperties {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("uidalloc.admin-token (environment UIDALLOC_ADMIN_TOKEN) is not set;"
                    + " set it to a random string of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters,"
                    + " for example the output of: openssl rand -base64 32");
        }
        if (adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(
                    "uidalloc.admin-token (environment UIDALLOC_ADMIN_TOKEN) must be at least "
                            + MIN_ADMIN_TOKEN_LENGTH + " characters, got " + adminToken.length()
                            + "; use a random string such as the output of: openssl rand -base64 32");
        }
    }
}
