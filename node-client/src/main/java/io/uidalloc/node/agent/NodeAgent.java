package io.uidalloc.node.agent;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventFormatException;
import io.uidalloc.contract.EventVerifier;
import io.uidalloc.contract.Heartbeat;
import io.uidalloc.contract.NodeAssignments;
import io.uidalloc.contract.NodeReport;
import io.uidalloc.contract.SignatureRejectedException;
import io.uidalloc.node.agent.ProgressFile.ProgressException;
import io.uidalloc.node.agent.ResyncClient.ResyncException;
import io.uidalloc.node.features.Features;
import io.uidalloc.node.pod.PodApplier;
import io.uidalloc.node.safety.SafetyRules;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The node agent: keeps this node's kernel state equal to what the allocator service assigned to it, and tells the
 * service what it did.
 *
 * <h2>How it stays in step without a consumer group</h2>
 *
 * Every event for this node is keyed with the node name, so it lies in one partition of the assignments topic,
 * computed with {@link NodePartition}. The agent {@code assign()}s that partition alone and skips other nodes'
 * records. Start-up reads the partition's end offset <em>first</em>, then fetches the desired state (sequence
 * {@code S}) over REST, reconciles the kernel with it, and reads the partition from that end offset on, ignoring events
 * up to {@code S}. That is gap-free: the service commits an event before it publishes it, so an event missing from the
 * REST answer was committed after the answer was taken, hence published after the end offset was read, hence at or
 * beyond it. After that, events are applied strictly in sequence ({@link EventOrder}); a gap that outlives the gap
 * timeout triggers the same resync.
 *
 * <p>All work (start-up, events, heartbeats, resyncs) runs on one thread, so the kernel sees one change at a time and
 * no state is shared; {@link #close()} stops it from any thread. Stopping never touches pods' kernel state unless the
 * agent was configured to revoke everything on exit: pods keep running across agent restarts.
 */
public final class NodeAgent implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());

    /** Longest poll; the loop also wakes for heartbeats and gap deadlines. */
    private static final Duration MAX_POLL = Duration.ofSeconds(1);

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final AgentSettings settings;
    private final Clock clock;
    private final EventVerifier verifier;
    private final Heartbeat capabilities;
    private final ProgressFile progressFile;
    private final ReportSender reports;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ResyncClient resyncClient;
    private final AssignmentHandler handler;
    private final EventOrder order;
    private final Thread thread;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile long appliedSequence;

    // Used by the agent's thread only.
    private TopicPartition partition;
    private int partitionCount;
    private long reportedUpTo;
    private Instant nextHeartbeat = Instant.MIN;
    private Instant nextResyncAttempt = Instant.MIN;
    private Duration retryDelay = FIRST_RETRY;
    private long otherNodesRecords;

    /**
     * Creates the agent and its Kafka and HTTP clients; nothing connects before {@link #start()}.
     *
     * @param settings the configuration
     * @param features what the kernel supports, probed once at start-up; reported in every heartbeat
     * @param applier the kernel layer, or {@code null} in dry-run mode
     * @param clock the time for reports, heartbeats and the gap timeout
     */
    public NodeAgent(AgentSettings settings, Features features, PodApplier applier, Clock clock) {
        if (settings.dryRun() != (applier == null)) {
            throw new IllegalArgumentException("a PodApplier must be given exactly when not in dry-run mode");
        }
        this.settings = settings;
        this.clock = clock;
        EventCodec codec = new EventCodec();
        this.verifier = EventVerifier.fromBase64(settings.publicKeys());
        this.capabilities = capabilities(features, settings.dryRun());
        this.progressFile = new ProgressFile(settings.progressFile(), settings.node());
        this.reports = new ReportSender(settings, codec);
        this.consumer =
                new KafkaConsumer<>(consumerConfig(settings), new StringDeserializer(), new ByteArrayDeserializer());
        this.resyncClient = new ResyncClient(settings, codec, verifier);
        SafetyRules rules = new SafetyRules(settings.pool(), settings.allowedRoots());
        this.handler = new AssignmentHandler(settings.node(), applier, rules, reports, clock);
        this.order = new EventOrder(settings.gapTimeout(), 0);
        this.thread = new Thread(this::run, "uidalloc-agent-" + settings.node());
    }

    private static Map<String, Object> consumerConfig(AgentSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "uidalloc-node-" + settings.node() + "-assignments");
        // No group: one partition is assigned by hand and the position comes from the resync, never from commits.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // Asking for a missing topic must not create it with the broker's default partition count.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    /** The heartbeat's fixed part: the probe's findings; held pods and sequence are filled in at each heartbeat. */
    private static Heartbeat capabilities(Features features, boolean dryRun) {
        Map<String, Boolean> idmapSupport = new TreeMap<>();
        features.filesystems()
                .forEach((name, support) -> idmapSupport.put(
                        name,
                        // A filesystem that was probed reports the probe; one not mounted here, what the kernel
                        // promises.
                        support.probe()
                                .map(Features.Probe::enabled)
                                .orElse(support.supportedByKernel()
                                        && features.idmappedMounts().enabled())));
        return new Heartbeat(
                features.kernelRelease(),
                features.userNamespaces().enabled(),
                features.idmappedMounts().enabled(),
                idmapSupport,
                List.of(),
                0,
                dryRun);
    }

    /**
     * Starts the agent and returns once it is ready (the kernel is reconciled with the desired state and events are
     * being read) or has been stopped by {@link #close()}. Start-up waits for the service and the brokers as long as it
     * takes, retrying with a growing delay.
     *
     * @throws AgentException if start-up failed
     */
    public void start() {
        thread.start();
        try {
            ready.get();
        } catch (ExecutionException e) {
            throw new AgentException(
                    "node agent " + settings.node() + " did not start: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("interrupted while node agent " + settings.node() + " was starting", e);
        }
    }

    /**
     * Waits until the agent has stopped.
     *
     * @return the failure that stopped it, empty if it was stopped by {@link #close()}
     */
    public Optional<Throwable> awaitTermination() throws InterruptedException {
        thread.join();
        return Optional.ofNullable(failure);
    }

    /** The sequence of the last event applied (or covered by a resync). */
    public long appliedSequence() {
        return appliedSequence;
    }

    private void run() {
        try {
            startUp();
            ready.complete(null);
            consumeUntilStopped();
        } catch (StopRequested | WakeupException e) {
            // close() during start-up: start() returns and awaitTermination() reports no failure.
            ready.complete(null);
        } catch (RuntimeException | Error e) {
            if (stopping && e instanceof KafkaException) {
                ready.complete(null);
                return;
            }
            failure = e;
            LOG.log(Level.ERROR, "node agent failed and stops; restart it (it resyncs at start-up)", e);
            ready.completeExceptionally(e);
        }
    }

    private void startUp() {
        reportedUpTo = readProgress();
        LOG.log(
                Level.INFO,
                "starting in {0} mode: events from topic {1}, reports to {2}, resync from {3}, trusted keys {4},"
                        + " pool {5}",
                handler.dryRun() ? "DRY-RUN (logs only, changes nothing)" : "APPLY",
                settings.topic(),
                settings.reportsTopic(),
                resyncClient.uri(),
                verifier.trustedKeyIds(),
                settings.pool());
        while (true) {
            try {
                resync("start-up");
                break;
            } catch (ResyncException | TopicMissingException e) {
                waitBeforeRetry("start-up resync failed: " + e.getMessage());
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                waitBeforeRetry("start-up resync failed at the brokers " + settings.bootstrapServers() + ": " + e);
            }
        }
        long sinceProcessStart = ProcessHandle.current()
                .info()
                .startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis())
                .orElse(-1L);
        LOG.log(
                Level.INFO,
                "ready: reading partition {0} of {1} ({2} partitions), at sequence {3}, holding {4} pod(s); {5} ms"
                        + " after the process started",
                partition.partition(),
                settings.topic(),
                partitionCount,
                order.last(),
                handler.heldPods().size(),
                sinceProcessStart);
    }

    private long readProgress() {
        try {
            return progressFile.read().orElse(0);
        } catch (ProgressException e) {
            LOG.log(
                    Level.WARNING,
                    "{0}; starting without it, so pods found applied are reported APPLIED again",
                    e.getMessage());
            return 0;
        }
    }

    private void waitBeforeRetry(String why) {
        LOG.log(Level.WARNING, "{0}; retrying in {1} s", why, retryDelay.toSeconds());
        try {
            if (stopSignal.await(retryDelay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StopRequested();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StopRequested();
        }
        retryDelay = min(retryDelay.multipliedBy(2), MAX_RETRY);
    }

    /**
     * Brings the node to the service's desired state and positions the consumer so that no later event is missed: the
     * end offset is read before the desired state is fetched (see the class comment).
     */
    private void resync(String reason) {
        LOG.log(Level.INFO, "resyncing ({0})", reason);
        int count = partitionCount();
        TopicPartition current = new TopicPartition(settings.topic(), NodePartition.of(settings.node(), count));
        if (!current.equals(partition)) {
            consumer.assign(List.of(current));
            LOG.log(
                    Level.INFO,
                    "reading partition {0} of topic {1}, which has {2}",
                    current.partition(),
                    current.topic(),
                    count);
            partition = current;
        }
        partitionCount = count;
        long endOffset = consumer.endOffsets(List.of(current)).get(current);

        NodeAssignments desired = resyncClient.fetch();
        if (desired.sequence() < reportedUpTo) {
            LOG.log(
                    Level.WARNING,
                    "the service is at sequence {0}, behind the {1} this node reached; following the service",
                    desired.sequence(),
                    reportedUpTo);
        }
        handler.reconcile(desired, reportedUpTo);
        List<AssignmentEvent> following = order.resetTo(desired.sequence(), clock.instant());
        consumer.seek(current, endOffset);
        following.forEach(handler::handle);
        appliedSequence = order.last();
        commitProgress();
        LOG.log(Level.INFO, "resynced at sequence {0}; reading from offset {1}", desired.sequence(), endOffset);
    }

    private int partitionCount() {
        List<PartitionInfo> partitions = consumer.partitionsFor(settings.topic());
        if (partitions == null || partitions.isEmpty()) {
            throw new TopicMissingException("topic " + settings.topic() + " does not exist on "
                    + settings.bootstrapServers() + "; create it (the service does at its start) or correct --topic");
        }
        return partitions.size();
    }

    private void consumeUntilStopped() {
        nextHeartbeat = clock.instant();
        while (!stopping) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(pollTimeout());
            } catch (WakeupException e) {
                if (stopping) {
                    return;
                }
                throw e;
            } catch (InvalidOffsetException e) {
                tryResync("the next offset is no longer on the broker (retention?): " + e.getMessage());
                continue;
            }
            records.forEach(this::onRecord);
            appliedSequence = order.last();

            Instant now = clock.instant();
            if (order.gapOutlived(now) && !now.isBefore(nextResyncAttempt)) {
                tryResync("sequence " + order.missing().orElse(-1L) + " missing for "
                        + settings.gapTimeout().toMillis() + " ms while " + order.heldCount() + " later event(s) wait");
            }
            commitProgress();
            if (!now.isBefore(nextHeartbeat)) {
                heartbeat(now);
            }
        }
    }

    private Duration pollTimeout() {
        Instant now = clock.instant();
        Instant wake = min(now.plus(MAX_POLL), nextHeartbeat);
        Optional<Instant> gapDeadline = order.gapDeadline();
        if (gapDeadline.isPresent()) {
            wake = min(wake, gapDeadline.get());
        }
        return now.isBefore(wake) ? Duration.between(now, wake) : Duration.ZERO;
    }

    private void onRecord(ConsumerRecord<String, byte[]> record) {
        if (!settings.node().equals(record.key())) {
            otherNodesRecords++;
            return;
        }
        AssignmentEvent event;
        try {
            event = verifier.decodeAndVerify(record.value());
        } catch (SignatureRejectedException e) {
            LOG.log(
                    Level.WARNING,
                    "record at offset {0} skipped, {1} ({2}); the sequence does not advance, a gap it leaves is"
                            + " closed by a resync",
                    record.offset(),
                    e.getMessage(),
                    e.reason());
            return;
        } catch (EventFormatException e) {
            LOG.log(
                    Level.WARNING,
                    "record at offset {0} skipped, it is not an assignment event: {1}",
                    record.offset(),
                    e.getMessage());
            return;
        }
        if (!settings.node().equals(event.node())) {
            handler.refuseForeign(event);
            return;
        }
        if (order.isDuplicate(event)) {
            LOG.log(
                    Level.DEBUG,
                    "sequence {0} (offset {1}) already applied; duplicate ignored",
                    event.sequence(),
                    record.offset());
            return;
        }
        List<AssignmentEvent> inOrder = order.accept(event, clock.instant());
        if (inOrder.isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "sequence {0} held until {1} arrives (resync after {2} ms)",
                    event.sequence(),
                    order.missing().orElse(-1L),
                    settings.gapTimeout().toMillis());
        }
        inOrder.forEach(handler::handle);
    }

    private void tryResync(String reason) {
        try {
            resync(reason);
            retryDelay = FIRST_RETRY;
            nextResyncAttempt = Instant.MIN;
        } catch (WakeupException e) {
            throw e;
        } catch (ResyncException | TopicMissingException | KafkaException e) {
            nextResyncAttempt = clock.instant().plus(retryDelay);
            LOG.log(Level.WARNING, "resync failed, retrying in {0} s: {1}", retryDelay.toSeconds(), e.getMessage());
            retryDelay = min(retryDelay.multipliedBy(2), MAX_RETRY);
        }
    }

    /**
     * Waits for the reports of everything done so far, then records the sequence as done. If a report was not
     * delivered the progress stays where it was, so that a restart reports again.
     */
    private void commitProgress() {
        boolean delivered = reports.flush();
        long last = order.last();
        if (handler.dryRun() || last == reportedUpTo) {
            return;
        }
        if (!delivered) {
            LOG.log(Level.WARNING, "progress kept at sequence {0} because a report was not delivered", reportedUpTo);
            return;
        }
        try {
            progressFile.write(last);
            reportedUpTo = last;
        } catch (UncheckedIOException e) {
            // Progress only spares re-reporting after a restart; not having it is no reason to stop applying events.
            LOG.log(Level.WARNING, "{0}: {1}; a restart will report applied pods again", e.getMessage(), e.getCause());
        }
    }

    private void heartbeat(Instant now) {
        Heartbeat heartbeat = new Heartbeat(
                capabilities.kernelVersion(),
                capabilities.userNamespaces(),
                capabilities.idmappedMounts(),
                capabilities.idmapSupport(),
                handler.heldPods(),
                order.last(),
                capabilities.dryRun());
        reports.send(NodeReport.heartbeat(settings.node(), heartbeat, now));
        nextHeartbeat = now.plus(settings.heartbeatInterval());
        LOG.log(
                Level.DEBUG,
                "heartbeat: {0} pod(s) held, sequence {1}; {2} record(s) of other nodes skipped so far",
                heartbeat.heldPods().size(),
                heartbeat.appliedSequence(),
                otherNodesRecords);

        // Adding partitions moves keys to other partitions; the service's producer follows at once, so must the agent.
        int count = partitionCount();
        if (count != partitionCount) {
            tryResync("topic " + settings.topic() + " now has " + count + " partitions instead of " + partitionCount);
        }
    }

    /**
     * Stops reading events and closes the clients. Pods keep their kernel state, unless the agent was configured to
     * revoke everything on exit. Safe to call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        stopping = true;
        stopSignal.countDown();
        consumer.wakeup();
        if (thread != Thread.currentThread()) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, "the agent thread did not stop within {0} s; closing anyway", STOP_WAIT.toSeconds());
            return;
        }
        if (settings.revokeAllOnExit()) {
            LOG.log(Level.INFO, "revoking every pod on exit (--revoke-all-on-exit)");
            handler.revokeAllWithoutReports();
        }
        reports.close();
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        LOG.log(
                Level.INFO,
                "stopped at sequence {0}; {1}",
                order.last(),
                settings.revokeAllOnExit() ? "every pod was revoked" : "pods keep their kernel state");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The agent could not start or failed while running. */
    public static final class AgentException extends RuntimeException {
        AgentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@link #close()} was called while start-up waited. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super("stop requested", null, false, false);
        }
    }

    /** The assignments topic does not exist (yet). */
    private static final class TopicMissingException extends RuntimeException {
        TopicMissingException(String message) {
            super(message);
        }
    }
}
