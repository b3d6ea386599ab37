package io.uidalloc.service.outbox;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventSigner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes the outbox to Kafka, in one instance at a time.
 *
 * <p>How it works: every instance runs a relay thread. The thread holds one database connection of its own and tries
 * to take a session-level advisory lock on it; the instance that holds the lock is the leader and the only publisher,
 * so events of one node leave in sequence order. If the leader dies, its session ends, PostgreSQL releases the lock,
 * and a standby takes it at its next try, within {@code relayPollInterval}. The leader {@code LISTEN}s on the same
 * connection: the writer's {@code NOTIFY}, delivered at commit, wakes it at once, and a poll catches anything else.
 *
 * <p>Each round reads the oldest unpublished events, signs them (Ed25519 signatures are deterministic, so an event
 * sent again carries the same signature), sends them with an idempotent producer ({@code acks=all}), waits
 * for every acknowledgement, and marks as published the events acknowledged, per node only up to the first failure,
 * so a node's later event is never marked while an earlier one is still owed. Delivery is at least once: an event
 * acknowledged but not yet marked when the leader dies is sent again by the next one; node clients drop an event
 * whose sequence they have applied.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Advisory lock key of the relay leadership: "uidrelay" in ASCII. */
    static final long LEADER_LOCK = 0x75_69_64_72_65_6c_61_79L;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Supplier<Producer<String, String>> producers;
    private final EventsProperties properties;
    private final Clock clock;
    private final String bootstrapServers;
    private final OutboxStatistics statistics;
    private final EventSigner signer;
    private final EventCodec codec;

    private volatile boolean running;
    private volatile boolean leader;
    private Thread thread;
    private Producer<String, String> producer;
    private Instant outageSince;

    public OutboxRelay(
            DataSource dataSource,
            Supplier<Producer<String, String>> producers,
            EventsProperties properties,
            Clock clock,
            String bootstrapServers,
            OutboxStatistics statistics,
            EventSigner signer,
            EventCodec codec) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.producers = producers;
        this.properties = properties;
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
        this.statistics = statistics;
        this.signer = signer;
        this.codec = codec;
    }

    /** Whether this instance publishes the outbox now. */
    public boolean isLeader() {
        return leader;
    }

    /** When the broker became unreachable, or null while publication works. */
    public Instant outageSince() {
        return outageSince;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            Connection connection = null;
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                awaitLeadership(connection);
                if (!running) {
                    return;
                }
                lead(connection);
            } catch (SQLException e) {
                if (running) {
                    log.warn(
                            "Outbox relay lost its database connection ({}); {} and retries in {}",
                            e.getMessage(),
                            leader ? "gives up leadership" : "stays on standby",
                            properties.relayPollInterval());
                }
                pause(properties.relayPollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Whatever went wrong, the relay must outlive it: a dead relay thread would silently stop delivery.
                log.error("Outbox relay failed unexpectedly; it restarts in {}", properties.relayPollInterval(), e);
                pause(properties.relayPollInterval());
            } finally {
                if (leader) {
                    log.info("Outbox relay of this instance stopped publishing");
                }
                leader = false;
                // The lock first: nothing that goes wrong while closing the producer may leave it held.
                release(connection);
                closeProducer();
            }
        }
    }

    private void awaitLeadership(Connection connection) throws SQLException, InterruptedException {
        boolean announced = false;
        while (running && !tryLock(connection)) {
            if (!announced) {
                log.info("Outbox relay on standby: another instance publishes the outbox");
                announced = true;
            }
            Thread.sleep(properties.relayPollInterval().toMillis());
        }
        if (running) {
            leader = true;
            log.info("Outbox relay of this instance is the leader and publishes to {}", bootstrapServers);
        }
    }

    private void lead(Connection connection) throws SQLException, InterruptedException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("listen " + OutboxWriter.CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        Duration retry = Duration.ofMillis(100);
        while (running) {
            try {
                int published = publishBatch();
                endOutage();
                retry = Duration.ofMillis(100);
                if (published < properties.relayBatchSize()) {
                    waitForNotification(notifications);
                }
            } catch (PublishFailure e) {
                beginOutage(e);
                Thread.sleep(retry.toMillis());
                retry = min(retry.multipliedBy(2), properties.outageRetryMax());
                // Drain notifications that arrived meanwhile, without waiting (a timeout of 0 would wait forever);
                // the next round reads the outbox anyway.
                notifications.getNotifications();
            }
        }
    }

    /** Publishes the oldest unpublished events; returns how many it read. */
    int publishBatch() throws PublishFailure {
        List<Row> rows = jdbc.query(
                "select id, node, payload from outbox where published_at is null order by id limit ?",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3)),
                properties.relayBatchSize());
        if (rows.isEmpty()) {
            return 0;
        }

        Producer<String, String> producer = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        try {
            send(producer, rows, sent);
        } catch (KafkaException e) {
            // Thrown rather than returned in a future, for example when the producer cannot fetch metadata;
            // the events sent before it are judged below like the others.
            closeProducer();
            markPublished(acknowledgedPrefix(rows, sent).ids());
            throw new PublishFailure(e.getMessage(), e);
        }

        Acknowledged acknowledged = acknowledgedPrefix(rows, sent);
        markPublished(acknowledged.ids());
        if (acknowledged.failure() != null) {
            closeProducer();
            throw new PublishFailure(acknowledged.failure().getMessage(), acknowledged.failure());
        }
        return rows.size();
    }

    private void send(Producer<String, String> producer, List<Row> rows, List<Future<RecordMetadata>> sent) {
        for (Row row : rows) {
            Future<RecordMetadata> future =
                    producer.send(new ProducerRecord<>(properties.assignmentsTopic(), row.node(), signed(row)));
            sent.add(future);
            if (future.isDone() && failed(future)) {
                // The producer could not even learn where to send (broker unreachable): every further send would
                // wait as long again, so stop here; the events not sent stay unpublished.
                break;
            }
        }
        producer.flush();
    }

    /**
     * The events acknowledged by the broker, per node only up to its first event that was not: a node's later event
     * is never marked published while an earlier one is still owed.
     */
    private static Acknowledged acknowledgedPrefix(List<Row> rows, List<Future<RecordMetadata>> sent) {
        List<Long> acknowledged = new ArrayList<>();
        Set<String> blockedNodes = new HashSet<>();
        Throwable failure = null;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (i >= sent.size()) {
                blockedNodes.add(row.node());
                continue;
            }
            try {
                sent.get(i).get();
                if (!blockedNodes.contains(row.node())) {
                    acknowledged.add(row.id());
                }
            } catch (ExecutionException e) {
                blockedNodes.add(row.node());
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                blockedNodes.add(row.node());
                failure = failure == null ? e : failure;
            }
        }
        return new Acknowledged(acknowledged, failure);
    }

    private void markPublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Timestamp> created = jdbc.queryForList(
                "update outbox set published_at = ? where id = any(?) returning created_at",
                Timestamp.class,
                Timestamp.from(now),
                ids.toArray(Long[]::new));
        created.forEach(at -> statistics.published(Duration.between(at.toInstant(), now)));
    }

    private void waitForNotification(PGConnection notifications) throws SQLException {
        PGNotification[] received = notifications.getNotifications(
                (int) properties.relayPollInterval().toMillis());
        if (received != null && received.length > 0) {
            log.trace("Woken by {} outbox notifications", received.length);
        }
    }

    private void beginOutage(PublishFailure e) {
        if (outageSince == null) {
            outageSince = clock.instant();
            Map<String, Object> backlog = jdbc.queryForMap(
                    "select count(*) as events, min(created_at) as oldest from outbox where published_at is null");
            log.warn(
                    "Cannot publish events to Kafka at {}: {}. Allocations go on; {} events wait in the outbox (oldest"
                            + " from {}) and are delivered in order once the broker is reachable. Check that the"
                            + " broker runs and that spring.kafka.bootstrap-servers points at it.",
                    bootstrapServers,
                    e.getMessage(),
                    backlog.get("events"),
                    backlog.get("oldest"));
        } else {
            log.debug("Kafka still unreachable: {}", e.getMessage());
        }
    }

    private void endOutage() {
        if (outageSince != null) {
            log.info(
                    "Kafka at {} is reachable again after {}; the outbox backlog is being published",
                    bootstrapServers,
                    Duration.between(outageSince, clock.instant()));
            outageSince = null;
        }
    }

    /**
     * Gives the connection back without the leadership. The connection comes from a pool, which keeps the session
     * open: a session-level advisory lock left on it would outlive this relay's leadership and lock out every relay,
     * this one included. If the lock cannot be dropped, the connection is aborted instead, which ends the session.
     */
    private void release(Connection connection) {
        if (connection == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_unlock_all()");
            statement.execute("unlisten *");
            connection.close();
        } catch (SQLException e) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException abortFailed) {
                log.warn(
                        "Could not end the relay's database session; its advisory lock ends with the session",
                        abortFailed);
            }
        }
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                var result = statement.executeQuery("select pg_try_advisory_lock(" + LEADER_LOCK + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                // A producer that saw a failure may hold batches in an unknown state; a fresh one starts clean.
                producer.close(Duration.ZERO);
            } catch (InterruptException e) {
                // Closing while the relay is being stopped: the producer is closed all the same, and Kafka has set
                // the interrupt flag again for the loop to see.
                log.debug("Outbox relay interrupted while closing its producer", e);
            } finally {
                producer = null;
            }
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private String signed(Row row) {
        return codec.encodeToString(signer.sign(codec.decode(row.payload(), AssignmentEvent.class)));
    }

    private static boolean failed(Future<?> future) {
        try {
            future.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Row(long id, String node, String payload) {}

    private record Acknowledged(List<Long> ids, Throwable failure) {}

    /** Kafka did not acknowledge an event; the relay retries with growing pauses. */
    static final class PublishFailure extends Exception {

        PublishFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
