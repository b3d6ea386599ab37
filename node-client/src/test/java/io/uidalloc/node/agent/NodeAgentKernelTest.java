package io.uidalloc.node.agent;

import static io.uidalloc.node.testing.KernelAssumptions.assumeIdmapOn;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventSigner;
import io.uidalloc.contract.NodeReport;
import io.uidalloc.contract.ReportType;
import io.uidalloc.contract.SigningKeys;
import io.uidalloc.node.IdRange;
import io.uidalloc.node.features.FeatureProbe;
import io.uidalloc.node.features.Features;
import io.uidalloc.node.kernel.FileSystemType;
import io.uidalloc.node.kernel.FileSystems;
import io.uidalloc.node.kernel.KernelFd;
import io.uidalloc.node.kernel.MountInfo;
import io.uidalloc.node.kernel.MountTable;
import io.uidalloc.node.kernel.Mounts;
import io.uidalloc.node.kernel.UserNamespaces;
import io.uidalloc.node.pod.PodApplier;
import io.uidalloc.node.pod.PodKernelState;
import io.uidalloc.node.pod.PodLayout;
import io.uidalloc.node.safety.SafetyRules;
import io.uidalloc.node.testing.ScratchMounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real KRaft broker, a stub of the service's resync endpoint and the real kernel: volumes live on a
 * fresh tmpfs. Skips with the reason where the machine cannot id-map tmpfs (not root, no util-linux, Linux before 6.3).
 */
class NodeAgentKernelTest {

    private static final KeyPair SERVICE_KEYS = SigningKeys.generate();
    private static final KeyPair FOREIGN_KEYS = SigningKeys.generate();
    private static final EventSigner SIGNER = EventSigner.of(SERVICE_KEYS);
    private static final EventCodec CODEC = new EventCodec();

    /** Blocks 10 up to 100; the tests' pods use blocks 20 and up. */
    private static final IdRange POOL = new IdRange(10 * 65536L, 90 * 65536L);

    private static Broker broker;

    @TempDir
    Path base;

    private String node;
    private ScratchMounts scratch;
    private Path data;
    private ServiceStub service;
    private PodApplier kernel;
    private LogCapture agentLog;
    private final List<NodeAgent> agents = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = new Broker(3);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void prepare() throws IOException {
        assumeIdmapOn(FileSystemType.TMPFS);
        // The pods' roots are unprivileged host IDs: they must be able to walk from / to their mounts.
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        scratch = new ScratchMounts(base);
        data = scratch.tmpfs("data");
        node = "node-" + UUID.randomUUID().toString().substring(0, 8);
        service = new ServiceStub(node);
        Files.writeString(base.resolve("token"), ServiceStub.TOKEN + "\n");
        kernel =
                new PodApplier(layout(), new SafetyRules(POOL, List.of(data)), new UserNamespaces(), new FileSystems());
        agentLog = new LogCapture(NodeAgent.class);
    }

    @AfterEach
    void removeEverything() {
        agents.forEach(NodeAgent::close);
        if (kernel != null) {
            kernel.scan().forEach(state -> kernel.revoke(state.podUid()));
        }
        if (scratch != null) {
            scratch.close();
        }
        if (service != null) {
            service.close();
        }
        if (agentLog != null) {
            agentLog.close();
        }
    }

    private PodLayout layout() {
        return PodLayout.create(base.resolve("mnt"), base.resolve("state"));
    }

    private AgentSettings settings(boolean dryRun, boolean revokeAllOnExit) {
        return new AgentSettings(
                node,
                service.url(),
                base.resolve("token"),
                broker.servers(),
                List.of(SigningKeys.encodePublicKey(SERVICE_KEYS.getPublic())),
                POOL,
                List.of(data),
                base.resolve("mnt"),
                base.resolve("state"),
                Broker.ASSIGNMENTS,
                Broker.REPORTS,
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                dryRun,
                revokeAllOnExit,
                Map.of());
    }

    private NodeAgent startAgent() {
        return startAgent(settings(false, false));
    }

    private NodeAgent startAgent(AgentSettings settings) {
        Features features = new FeatureProbe(base, new UserNamespaces()).probe();
        PodApplier applier = settings.dryRun()
                ? null
                : new PodApplier(
                        layout(), new SafetyRules(POOL, List.of(data)), new UserNamespaces(), new FileSystems());
        NodeAgent agent = new NodeAgent(settings, features, applier, Clock.systemUTC());
        agents.add(agent);
        agent.start();
        return agent;
    }

    private String volumeDirectory(String name) throws IOException {
        return Files.createDirectories(data.resolve(name)).toString();
    }

    private EventBuilder assigned(long sequence) throws IOException {
        return EventBuilder.assigned(node, sequence)
                .block(20 + sequence)
                .volume("data", volumeDirectory("v" + sequence));
    }

    private void publish(AssignmentEvent event) {
        broker.publishEvent(node, SIGNER.sign(event));
    }

    private List<NodeReport> awaitReport(ReportType type, UUID podUid, long sequence) {
        return broker.awaitReport(
                node,
                report -> report.type() == type && podUid.equals(report.podUid()) && report.sequence() == sequence,
                type + " for pod " + podUid + " at sequence " + sequence);
    }

    private Set<UUID> heldPods() {
        return kernel.scan().stream().map(PodKernelState::podUid).collect(Collectors.toSet());
    }

    private static long count(List<NodeReport> reports, ReportType type, UUID podUid) {
        return reports.stream()
                .filter(report -> report.type() == type && podUid.equals(report.podUid()))
                .count();
    }

    private List<MountInfo> mountsUnder(Path directory) {
        Path real = directory.toAbsolutePath();
        return MountTable.read().stream()
                .filter(mount -> mount.mountPoint().startsWith(real))
                .toList();
    }

    @Test
    void assignedEventIsAppliedOnTheKernelAndReportedAndRevokedEventRemovesEverything() throws IOException {
        startAgent();
        AssignmentEvent assignment = assigned(1).build();

        publish(assignment);
        awaitReport(ReportType.APPLIED, assignment.podUid(), 1);

        PodKernelState state = kernel.scan().get(0);
        assertThat(state.matches(EventMapping.toPod(assignment))).isTrue();
        Path file = Files.writeString(data.resolve("v1").resolve("owned-by-root"), "x");
        Path throughMount = layout().volumeTarget(assignment.podUid(), "data").resolve(file.getFileName());
        assertThat(Files.getAttribute(throughMount, "unix:uid")).isEqualTo((int) assignment.hostIdStart());

        publish(EventBuilder.revoked(node, 2, assignment.podUid()).build());
        awaitReport(ReportType.REVOKED, assignment.podUid(), 2);

        assertThat(heldPods()).isEmpty();
        assertThat(mountsUnder(base.resolve("mnt"))).isEmpty();
        assertThat(mountsUnder(base.resolve("state"))).isEmpty();
    }

    @Test
    void eventsWithoutAValidSignatureAreSkippedWithAWarningAndNeverApplied() throws IOException {
        startAgent();
        AssignmentEvent tampered = assigned(1).build();
        String signedJson = CODEC.encodeToString(SIGNER.sign(tampered));
        AssignmentEvent unsigned = assigned(1).block(40).build();
        AssignmentEvent foreignKey = assigned(1).block(41).build();
        AssignmentEvent genuine = assigned(1).block(42).build();

        broker.publishEvent(
                node,
                signedJson
                        .replace("\"podName\":\"pod-1\"", "\"podName\":\"pod-x\"")
                        .getBytes(StandardCharsets.UTF_8));
        broker.publishEvent(node, unsigned);
        broker.publishEvent(node, EventSigner.of(FOREIGN_KEYS).sign(foreignKey));
        publish(genuine);
        List<NodeReport> reports = awaitReport(ReportType.APPLIED, genuine.podUid(), 1);

        assertThat(reports)
                .extracting(NodeReport::podUid)
                .doesNotContain(tampered.podUid(), unsigned.podUid(), foreignKey.podUid());
        assertThat(heldPods()).containsExactly(genuine.podUid());
        assertThat(agentLog.warnings())
                .anyMatch(line -> line.contains("SIGNATURE_MISMATCH"))
                .anyMatch(line -> line.contains("MISSING_SIGNATURE"))
                .anyMatch(line -> line.contains("UNKNOWN_KEY_ID"));
    }

    @Test
    void eventSignedForAnotherNodeIsRefusedWithAFailedReportAndNotApplied() throws IOException {
        startAgent();
        AssignmentEvent replayed = assigned(1).node("some-other-node").build();

        publish(replayed);
        List<NodeReport> reports = awaitReport(ReportType.FAILED, replayed.podUid(), 1);

        assertThat(reports.get(reports.size() - 1).reason()).contains("is for node some-other-node");
        assertThat(heldPods()).isEmpty();
    }

    @Test
    void overlappingOutOfPoolAndPathEscapingAssignmentsAreRefusedWithTheirReasons() throws IOException {
        startAgent();
        AssignmentEvent first = assigned(1).block(30).build();
        AssignmentEvent overlapping = assigned(2).block(30).build();
        AssignmentEvent outOfPool = assigned(3).block(200).build();
        AssignmentEvent escaping = EventBuilder.assigned(node, 4)
                .block(34)
                .volume("data", data + "/../../etc")
                .build();

        List.of(first, overlapping, outOfPool, escaping).forEach(this::publish);
        awaitReport(ReportType.APPLIED, first.podUid(), 1);
        NodeReport overlapFailure = last(awaitReport(ReportType.FAILED, overlapping.podUid(), 2));
        NodeReport poolFailure = last(awaitReport(ReportType.FAILED, outOfPool.podUid(), 3));
        NodeReport escapeFailure = last(awaitReport(ReportType.FAILED, escaping.podUid(), 4));

        assertThat(overlapFailure.reason()).contains("overlaps pod " + first.podUid());
        assertThat(poolFailure.reason()).contains("outside this node's pool");
        assertThat(escapeFailure.reason()).contains("volume data").contains("..");
        assertThat(heldPods()).containsExactly(first.podUid());
    }

    private static NodeReport last(List<NodeReport> reports) {
        return reports.get(reports.size() - 1);
    }

    @Test
    void duplicateDeliveriesAreAppliedAndReportedOnce() throws IOException {
        startAgent();
        AssignmentEvent first = SIGNER.sign(assigned(1).build());
        AssignmentEvent second = assigned(2).build();

        broker.publishEvent(node, first);
        broker.publishEvent(node, first);
        publish(second);
        broker.publishEvent(node, first);
        List<NodeReport> reports = awaitReport(ReportType.APPLIED, second.podUid(), 2);

        assertThat(count(reports, ReportType.APPLIED, first.podUid())).isEqualTo(1);
        assertThat(count(reports, ReportType.FAILED, first.podUid())).isZero();
        assertThat(heldPods()).containsExactlyInAnyOrder(first.podUid(), second.podUid());
    }

    @Test
    void sequenceGapThatStaysOpenLeadsToAResyncThatFillsIt() throws IOException {
        startAgent();
        AssignmentEvent first = SIGNER.sign(assigned(1).build());
        AssignmentEvent lost = SIGNER.sign(assigned(2).build());
        AssignmentEvent third = SIGNER.sign(assigned(3).build());
        broker.publishEvent(node, first);
        awaitReport(ReportType.APPLIED, first.podUid(), 1);
        service.desire(3, first, lost, third);

        broker.publishEvent(node, third);
        awaitReport(ReportType.APPLIED, lost.podUid(), 2);
        List<NodeReport> reports = awaitReport(ReportType.APPLIED, third.podUid(), 3);

        assertThat(service.resyncs()).isEqualTo(2);
        assertThat(count(reports, ReportType.APPLIED, third.podUid())).isEqualTo(1);
        assertThat(heldPods()).containsExactlyInAnyOrder(first.podUid(), lost.podUid(), third.podUid());
    }

    @Test
    void agentStartingAfterACrashPartWayRemovesLeftoversAndAppliesTheDesiredState() throws IOException {
        AssignmentEvent desired = SIGNER.sign(assigned(1).build());
        UUID notDesired = UUID.randomUUID();
        halfApply(desired.podUid(), desired.hostIdStart(), "v1");
        halfApply(notDesired, 50 * 65536L, volumeDirectory("leftover"));
        service.desire(1, desired);

        startAgent();
        awaitReport(ReportType.APPLIED, desired.podUid(), 1);
        awaitReport(ReportType.REVOKED, notDesired, 1);

        assertThat(kernel.scan())
                .singleElement()
                .satisfies(state ->
                        assertThat(state.matches(EventMapping.toPod(desired))).isTrue());
        assertThat(mountsUnder(layout().podMountDir(notDesired))).isEmpty();
        assertThat(mountsUnder(layout().podStateDir(notDesired))).isEmpty();
    }

    /** What a crash between the volume mount and the runtime-spec fragment leaves: a pinned namespace and a mount. */
    private void halfApply(UUID podUid, long hostIdStart, String volume) throws IOException {
        PodLayout layout = layout();
        Files.createDirectories(layout.podStateDir(podUid));
        Path target = Files.createDirectories(layout.volumeTarget(podUid, "data"));
        new UserNamespaces().createPinned(hostIdStart, 65536, layout.usernsFile(podUid));
        try (KernelFd userns = UserNamespaces.open(layout.usernsFile(podUid))) {
            Mounts.idmappedBind(data.resolve(volume).toRealPath(), target, userns, false);
        }
    }

    @Test
    void restartAfterAppliedEventsNeitherReappliesNorReportsThemAgain() throws IOException {
        NodeAgent first = startAgent();
        AssignmentEvent assignment = SIGNER.sign(assigned(1).build());
        broker.publishEvent(node, assignment);
        awaitReport(ReportType.APPLIED, assignment.podUid(), 1);
        Set<Integer> mountIdsBefore = volumeMountIds(assignment.podUid());
        first.close();

        assertThat(heldPods()).as("stopping the agent leaves the pods in place").containsExactly(assignment.podUid());
        int reportsBeforeRestart = broker.reportsOf(node).size();
        service.desire(1, assignment);
        startAgent();
        // The first heartbeat follows the start-up reconciliation's reports, so any APPLIED would come before it.
        List<NodeReport> sinceRestart = broker.awaitReport(
                node, reportsBeforeRestart, report -> report.type() == ReportType.HEARTBEAT, "heartbeat after restart");

        assertThat(count(sinceRestart, ReportType.APPLIED, assignment.podUid())).isZero();
        assertThat(volumeMountIds(assignment.podUid())).isEqualTo(mountIdsBefore);
        assertThat(Files.readString(base.resolve("state").resolve("progress.json")))
                .contains("\"appliedSequence\":1");
    }

    private Set<Integer> volumeMountIds(UUID podUid) {
        return mountsUnder(layout().podMountDir(podUid)).stream()
                .map(MountInfo::mountId)
                .collect(Collectors.toSet());
    }

    @Test
    void dryRunReportsRevocationsButNeverAppliedAndHoldsNothing() throws IOException {
        startAgent(settings(true, false));
        AssignmentEvent assignment = assigned(1).build();

        publish(assignment);
        publish(EventBuilder.revoked(node, 2, assignment.podUid()).build());
        List<NodeReport> reports = awaitReport(ReportType.REVOKED, assignment.podUid(), 2);
        NodeReport heartbeat = last(broker.awaitReport(
                node,
                report -> report.type() == ReportType.HEARTBEAT
                        && report.heartbeat().appliedSequence() == 2,
                "heartbeat at sequence 2"));

        assertThat(reports).extracting(NodeReport::type).doesNotContain(ReportType.APPLIED, ReportType.FAILED);
        assertThat(heartbeat.heartbeat().dryRun()).isTrue();
        assertThat(heartbeat.heartbeat().heldPods()).isEmpty();
        assertThat(heldPods()).isEmpty();
    }

    @Test
    void revokeAllOnExitLeavesNothingMountedOrPinned() throws IOException {
        NodeAgent agent = startAgent(settings(false, true));
        AssignmentEvent assignment = assigned(1).build();
        publish(assignment);
        awaitReport(ReportType.APPLIED, assignment.podUid(), 1);

        agent.close();

        assertThat(heldPods()).isEmpty();
        assertThat(mountsUnder(base.resolve("mnt"))).isEmpty();
        assertThat(mountsUnder(base.resolve("state"))).isEmpty();
    }
}
