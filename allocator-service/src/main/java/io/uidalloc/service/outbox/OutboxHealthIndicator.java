package io.uidalloc.service.outbox;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The outbox's backlog, the age of its oldest event, and whether this instance's relay publishes. DOWN while the
 * leader cannot reach the broker: events are not lost then, but nodes do not learn of allocations.
 */
@Component("outbox")
class OutboxHealthIndicator extends AbstractHealthIndicator {

    private final OutboxStatistics statistics;
    private final ObjectProvider<OutboxRelay> relay;

    OutboxHealthIndicator(OutboxStatistics statistics, ObjectProvider<OutboxRelay> relay) {
        this.statistics = statistics;
        this.relay = relay;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        OutboxStatistics.Backlog backlog = statistics.backlog();
        builder.withDetail("backlog", backlog.events())
                .withDetail("oldestUnpublishedAgeSeconds", backlog.oldestAge().toSeconds());
        OutboxRelay running = relay.getIfAvailable();
        if (running == null) {
            builder.up().withDetail("relay", "disabled (uidalloc.events.enabled=false)");
            return;
        }
        builder.withDetail("relay", running.isLeader() ? "leader" : "standby");
        if (running.outageSince() != null) {
            builder.down()
                    .withDetail("brokerUnreachableSince", running.outageSince().toString());
        } else {
            builder.up();
        }
    }
}
