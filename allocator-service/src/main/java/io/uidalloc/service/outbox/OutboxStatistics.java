package io.uidalloc.service.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The outbox's backlog and publication lag, for health, metrics and the dashboard. */
@Component
public class OutboxStatistics {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Timer lag;

    OutboxStatistics(JdbcTemplate jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lag = Timer.builder("uidalloc.outbox.publish.lag")
                .description("Time from writing an event in the outbox to the broker's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("uidalloc.outbox.backlog", this, s -> s.backlog().events())
                .description("Events in the outbox not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder(
                        "uidalloc.outbox.oldest.age",
                        this,
                        s -> s.backlog().oldestAge().toMillis() / 1000.0)
                .description("Age in seconds of the oldest unpublished event, 0 when there is none")
                .baseUnit("seconds")
                .register(registry);
    }

    void published(Duration sinceWritten) {
        lag.record(sinceWritten.isNegative() ? Duration.ZERO : sinceWritten);
    }

    /** Unpublished events and the age of the oldest; reads the head of a partial index, so it is cheap. */
    public Backlog backlog() {
        Map<String, Object> row = jdbc.queryForMap(
                "select count(*) as events, min(created_at) as oldest from outbox where published_at is null");
        long events = ((Number) row.get("events")).longValue();
        Object oldest = row.get("oldest");
        Instant oldestAt = oldest == null ? null : ((java.sql.Timestamp) oldest).toInstant();
        Duration age = oldestAt == null ? Duration.ZERO : Duration.between(oldestAt, clock.instant());
        return new Backlog(events, oldestAt, age.isNegative() ? Duration.ZERO : age);
    }

    /**
     * @param oldestAt when the oldest unpublished event was written, or null when none waits
     */
    public record Backlog(long events, Instant oldestAt, Duration oldestAge) {}
}
