package io.uidalloc.service.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Marks nodes LOST after a silence. Every instance runs the check; the guarded update changes each node once, so
 * each loss is logged once, by the instance that made the change.
 */
@Component
class NodeLiveness {

    private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);

    private final JdbcTemplate jdbc;
    private final NodesProperties properties;
    private final Clock clock;

    NodeLiveness(JdbcTemplate jdbc, NodesProperties properties, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        for (NodeState state : NodeState.values()) {
            Gauge.builder("uidalloc.nodes", this, l -> l.count(state))
                    .description("Nodes by liveness state")
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    @Scheduled(fixedDelayString = "${uidalloc.nodes.liveness-check-interval:5s}")
    void markSilentNodesLost() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(properties.lostAfter()));
        List<Map<String, Object>> lost = jdbc.queryForList("""
                update node set state = 'LOST' where state = 'READY' and last_heartbeat_at < ?
                returning name, last_heartbeat_at,
                    (select count(*) from allocation a where a.node = node.name and a.state = 'RELEASING') as releasing
                """, cutoff);
        for (Map<String, Object> node : lost) {
            log.warn(
                    "Node {} is LOST: no heartbeat since {}. Its {} releases stay RELEASING until it is back or an"
                            + " admin forces them (POST .../allocations/{{podUid}}/force-release)",
                    node.get("name"),
                    node.get("last_heartbeat_at"),
                    node.get("releasing"));
        }
    }

    private double count(NodeState state) {
        return jdbc.queryForObject("select count(*) from node where state = ?", Long.class, state.name());
    }
}
