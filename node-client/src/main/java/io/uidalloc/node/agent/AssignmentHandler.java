package io.uidalloc.node.agent;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.AssignmentType;
import io.uidalloc.contract.NodeAssignments;
import io.uidalloc.contract.NodeReport;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.pod.PodApplier;
import io.uidalloc.node.pod.PodApplyException;
import io.uidalloc.node.pod.PodKernelState;
import io.uidalloc.node.pod.PodRevokeException;
import io.uidalloc.node.safety.SafetyRules;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Carries out verified, in-order assignment events and whole desired states on the kernel, and reports each outcome.
 *
 * <p>In dry-run mode there is no {@link PodApplier}: assignments are only logged (with what the safety rules would
 * refuse), nothing is reported APPLIED or FAILED because nothing was tried, and revocations are reported REVOKED,
 * which is true since a dry-run node holds nothing.
 */
final class AssignmentHandler {

    private static final System.Logger LOG = System.getLogger(AssignmentHandler.class.getName());

    private final String node;
    private final PodApplier applier;
    private final SafetyRules dryRunRules;
    private final ReportSender reports;
    private final Clock clock;

    /**
     * @param applier the kernel layer, or {@code null} in dry-run mode
     * @param dryRunRules the rules a dry run checks assignments against, for its log
     */
    AssignmentHandler(String node, PodApplier applier, SafetyRules dryRunRules, ReportSender reports, Clock clock) {
        this.node = node;
        this.applier = applier;
        this.dryRunRules = dryRunRules;
        this.reports = reports;
        this.clock = clock;
    }

    boolean dryRun() {
        return applier == null;
    }

    /** Carries out the next event in this node's sequence. */
    void handle(AssignmentEvent event) {
        if (event.type() == AssignmentType.ASSIGNED) {
            assign(event);
        } else {
            revoke(event.podUid(), event.sequence(), "REVOKED event " + event.sequence());
        }
    }

    /** Refuses an event that was signed for another node but delivered under this node's key. */
    void refuseForeign(AssignmentEvent event) {
        String reason = "event " + event.eventId() + " is for node " + event.node() + " but was delivered to node "
                + node + " (record key " + node + "); refused";
        LOG.log(Level.WARNING, "pod {0}: {1}", event.podUid(), reason);
        reports.send(NodeReport.failed(node, event.podUid(), event.sequence(), reason, clock.instant()));
    }

    private void assign(AssignmentEvent event) {
        PodAssignment pod;
        try {
            pod = EventMapping.toPod(event);
        } catch (IllegalArgumentException e) {
            fail(event, e.getMessage());
            return;
        }
        if (dryRun()) {
            logWouldApply(event, pod);
            return;
        }
        try {
            applier.apply(pod);
            applied(event);
        } catch (PodApplyException e) {
            if (e.kind() == PodApplyException.Kind.ALREADY_PRESENT && heldMatching(pod)) {
                LOG.log(
                        Level.DEBUG,
                        "pod {0}: already applied as assigned by sequence {1}",
                        pod.podUid(),
                        event.sequence());
                applied(event);
            } else {
                fail(event, String.join("; ", e.reasons()));
            }
        } catch (RuntimeException e) {
            // A bug rather than a refusal; the pod still gets an answer instead of staying PENDING.
            LOG.log(Level.ERROR, "pod " + pod.podUid() + ": apply failed unexpectedly", e);
            fail(event, "unexpected failure on node " + node + ": " + e);
        }
    }

    private boolean heldMatching(PodAssignment pod) {
        return applier.scan().stream().anyMatch(state -> state.matches(pod));
    }

    private void logWouldApply(AssignmentEvent event, PodAssignment pod) {
        List<String> refusals = dryRunRules.refusals(pod, Map.of());
        if (refusals.isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "pod {0}: dry run, would apply sequence {1}: {2}/{3}, host IDs {4}, volumes {5}",
                    pod.podUid(),
                    event.sequence(),
                    event.namespace(),
                    event.podName(),
                    pod.hostRange(),
                    pod.volumes().stream()
                            .map(volume -> volume.name() + "=" + volume.hostPath())
                            .toList());
        } else {
            LOG.log(
                    Level.INFO,
                    "pod {0}: dry run, would refuse sequence {1}: {2}",
                    pod.podUid(),
                    event.sequence(),
                    String.join("; ", refusals));
        }
    }

    private void applied(AssignmentEvent event) {
        reports.send(NodeReport.applied(node, event.podUid(), event.sequence(), clock.instant()));
    }

    private void fail(AssignmentEvent event, String reason) {
        LOG.log(Level.WARNING, "pod {0}: sequence {1} not applied: {2}", event.podUid(), event.sequence(), reason);
        reports.send(NodeReport.failed(node, event.podUid(), event.sequence(), reason, clock.instant()));
    }

    /**
     * Removes a pod and reports REVOKED with {@code sequence}. A revoke that leaves state behind is not reported: the
     * pod stays in the heartbeat's held pods, and the next resync tries again.
     */
    private void revoke(UUID podUid, long sequence, String why) {
        if (dryRun()) {
            LOG.log(Level.INFO, "pod {0}: dry run, would revoke ({1})", podUid, why);
            reports.send(NodeReport.revoked(node, podUid, sequence, clock.instant()));
            return;
        }
        try {
            applier.revoke(podUid);
            reports.send(NodeReport.revoked(node, podUid, sequence, clock.instant()));
        } catch (PodRevokeException e) {
            LOG.log(
                    Level.WARNING,
                    "pod {0}: revoke ({1}) left state behind, not reported REVOKED; the next resync retries (restart"
                            + " the agent to force one): {2}",
                    podUid,
                    why,
                    String.join("; ", e.leftovers()));
        }
    }

    /**
     * Makes the node hold exactly {@code desired}: revokes held pods that are not desired (reported REVOKED with the
     * state's sequence), leaves correctly applied ones alone, and revokes and re-applies the rest.
     *
     * @param reportedUpTo the sequence up to which outcomes were already reported before a restart; pods found
     *     correctly applied from an event at or below it are not reported again
     */
    void reconcile(NodeAssignments desired, long reportedUpTo) {
        Map<UUID, AssignmentEvent> wanted = desired.assignments().stream()
                .collect(Collectors.toMap(
                        AssignmentEvent::podUid,
                        Function.identity(),
                        (a, b) -> a.sequence() >= b.sequence() ? a : b,
                        LinkedHashMap::new));
        if (dryRun()) {
            wanted.values().forEach(this::assign);
            LOG.log(
                    Level.INFO,
                    "dry run: desired state at sequence {0} has {1} pod(s)",
                    desired.sequence(),
                    wanted.size());
            return;
        }

        Map<UUID, PodKernelState> held =
                applier.scan().stream().collect(Collectors.toMap(PodKernelState::podUid, Function.identity()));
        int revoked = 0;
        for (UUID podUid : held.keySet()) {
            if (!wanted.containsKey(podUid)) {
                revoke(podUid, desired.sequence(), "not in the desired state at sequence " + desired.sequence());
                revoked++;
            }
        }

        int kept = 0;
        int attempted = 0;
        List<AssignmentEvent> inOrder = wanted.values().stream()
                .sorted(Comparator.comparingLong(AssignmentEvent::sequence))
                .toList();
        for (AssignmentEvent event : inOrder) {
            PodKernelState state = held.get(event.podUid());
            if (state != null && keep(state, event, reportedUpTo)) {
                kept++;
                continue;
            }
            if (state != null && !removeStale(event)) {
                continue;
            }
            assign(event);
            attempted++;
        }
        LOG.log(
                Level.INFO,
                "reconciled with the desired state at sequence {0}: {1} pod(s) kept as they were, {2} applied or"
                        + " refused, {3} revoked",
                desired.sequence(),
                kept,
                attempted,
                revoked);
    }

    /** Whether {@code state} is a finished apply of the event's pod; reports APPLIED if that was not done yet. */
    private boolean keep(PodKernelState state, AssignmentEvent event, long reportedUpTo) {
        PodAssignment pod;
        try {
            pod = EventMapping.toPod(event);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!state.matches(pod)) {
            return false;
        }
        if (event.sequence() > reportedUpTo) {
            applied(event);
        }
        return true;
    }

    /** Revokes a half-applied or differently applied pod before applying it again; reports FAILED if that fails. */
    private boolean removeStale(AssignmentEvent event) {
        try {
            applier.revoke(event.podUid());
            LOG.log(Level.INFO, "pod {0}: removed state that did not match its assignment", event.podUid());
            return true;
        } catch (PodRevokeException e) {
            fail(
                    event,
                    "the node holds state for this pod that does not match the assignment and could not be"
                            + " removed: " + String.join("; ", e.leftovers()));
            return false;
        }
    }

    /** The pods with kernel state on this node; none in dry-run mode. */
    List<UUID> heldPods() {
        if (dryRun()) {
            return List.of();
        }
        return applier.scan().stream().map(PodKernelState::podUid).toList();
    }

    /** Revokes every pod, without reports: used when the agent stops with {@code --revoke-all-on-exit}. */
    void revokeAllWithoutReports() {
        if (dryRun()) {
            return;
        }
        for (PodKernelState state : applier.scan()) {
            try {
                applier.revoke(state.podUid());
            } catch (PodRevokeException e) {
                LOG.log(Level.WARNING, "pod {0}: not fully revoked at exit: {1}", state.podUid(), e.getMessage());
            }
        }
    }
}
