package io.uidalloc.service.security;

import java.util.Optional;

/** Finds who holds a token; each feature that issues tokens (tenants, nodes) contributes one. */
public interface CallerDirectory {

    Optional<Caller> findByTokenHash(byte[] tokenHash);
}
