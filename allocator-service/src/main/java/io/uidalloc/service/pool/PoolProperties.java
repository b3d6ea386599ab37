package io.uidalloc.service.pool;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pool of host IDs the service hands out, and how released blocks are reused.
 *
 * @param first first host ID of the pool, inclusive; a multiple of the block size, at least 65536
 * @param end end of the pool, exclusive; a multiple of the block size, at most 4294901760
 * @param blockSize host IDs per block; a multiple of 65536
 * @param quarantine how long a released block is kept away from every allocation but its tenant's stable key
 * @param crossTenantReuse whether a block another tenant held may ever be handed out
 */
@ConfigurationProperties("uidalloc.pool")
public record PoolProperties(
        @DefaultValue("65536") long first,
        @DefaultValue("4294901760") long end,
        @DefaultValue("65536") long blockSize,
        @DefaultValue("10m") Duration quarantine,
        @DefaultValue("true") boolean crossTenantReuse) {}
