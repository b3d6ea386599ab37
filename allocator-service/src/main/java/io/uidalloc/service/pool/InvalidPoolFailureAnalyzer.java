package io.uidalloc.service.pool;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid pool into a start-up report that says what to change instead of a stack trace. */
class InvalidPoolFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPoolException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPoolException cause) {
        return new FailureAnalysis(
                "The configured UID/GID pool cannot be used: " + cause.getMessage(),
                "Change the uidalloc.pool.* settings (environment UIDALLOC_POOL_FIRST, UIDALLOC_POOL_END,"
                        + " UIDALLOC_POOL_BLOCK_SIZE). The default pool, 65536 to 4294901760 in blocks of 65536,"
                        + " is always valid.",
                cause);
    }
}
