package io.uidalloc.service.node;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lostAfter a node without a heartbeat for this long is LOST; several heartbeat intervals of its client
 * @param livenessCheckInterval how often the service looks for nodes that went silent
 */
@ConfigurationProperties("uidalloc.nodes")
public record NodesProperties(
        @DefaultValue("60s") Duration lostAfter,
        @DefaultValue("5s") Duration livenessCheckInterval) {}
