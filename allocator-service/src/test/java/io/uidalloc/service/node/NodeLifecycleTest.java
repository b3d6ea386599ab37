package io.uidalloc.service.node;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.AssignmentType;
import io.uidalloc.contract.EventVerifier;
import io.uidalloc.contract.Heartbeat;
import io.uidalloc.contract.NodeAssignments;
import io.uidalloc.contract.NodeReport;
import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.EventsIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Node reports move allocations through their lifecycle; heartbeats keep the node registry and find drift. */
class NodeLifecycleTest extends EventsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    NodeLiveness liveness;

    @Test
    void appliedReportActivatesAndOnlyTheMatchingOneCounts() {
        Api.Tenant tenant = tenant("applied", 2);
        String node = node("applied");
        String pod = allocate(tenant, node);
        AssignmentEvent assigned = eventsFor(node, 1, WAIT).get(0);

        report(NodeReport.applied(node, assigned.podUid(), assigned.sequence() + 7, Instant.now()));
        report(NodeReport.applied("some-other-node", assigned.podUid(), assigned.sequence(), Instant.now()));
        NodeReport applied = NodeReport.applied(node, assigned.podUid(), assigned.sequence(), Instant.now());
        report(applied);
        report(applied);

        awaitState(tenant, pod, "ACTIVE");
        assertThat(history(tenant, pod)).containsExactly("PENDING", "ACTIVE");
    }

    @Test
    void releaseWaitsForTheNodeAndQuarantineStartsAtItsConfirmation() {
        Api.Tenant tenant = tenant("release", 1);
        String node = node("release");
        String pod = allocate(tenant, node);
        AssignmentEvent assigned = eventsFor(node, 1, WAIT).get(0);
        report(NodeReport.applied(node, assigned.podUid(), assigned.sequence(), Instant.now()));
        awaitState(tenant, pod, "ACTIVE");

        Api.Response releasing = api.delete(tenant.allocations() + "/" + pod, tenant.token());
        Api.Response whileReleasing = api.post(
                tenant.allocations(),
                tenant.token(),
                allocation(UUID.randomUUID().toString()));
        clock.advance(Duration.ofMinutes(5));
        AssignmentEvent revoked = eventsFor(node, 2, WAIT).get(1);
        report(NodeReport.revoked(node, revoked.podUid(), revoked.sequence(), Instant.now()));
        awaitState(tenant, pod, "RELEASED");
        Api.Response released = api.get(tenant.allocations() + "/" + pod, tenant.token());

        assertThat(releasing.status()).isEqualTo(202);
        assertThat(releasing.text("state")).isEqualTo("RELEASING");
        assertThat(whileReleasing.status())
                .as("the block still counts against the quota")
                .isEqualTo(409);
        assertThat(revoked.type()).isEqualTo(AssignmentType.REVOKED);
        assertThat(Instant.parse(released.text("releasedAt")))
                .as("quarantine starts at the confirmation, not at the request")
                .isEqualTo(Instant.parse(releasing.text("updatedAt")).plus(Duration.ofMinutes(5)));
    }

    @Test
    void failedReportKeepsTheReasonAndFreesTheQuota() {
        Api.Tenant tenant = tenant("failed", 1);
        String node = node("failed");
        String pod = allocate(tenant, node);
        AssignmentEvent assigned = eventsFor(node, 1, WAIT).get(0);
        String reason = "volume data: /srv/data is on nfs, which does not support id-mapped mounts";

        report(NodeReport.failed(node, assigned.podUid(), assigned.sequence(), reason, Instant.now()));

        awaitState(tenant, pod, "FAILED");
        assertThat(api.get(tenant.allocations() + "/" + pod, tenant.token()).text("failureReason"))
                .isEqualTo(reason);
        assertThat(api.post(
                                tenant.allocations(),
                                tenant.token(),
                                allocation(UUID.randomUUID().toString()))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void registeredNodeTokenReachesOnlyItsOwnDesiredState() {
        String node = node("registered");
        String other = node("other");
        Api.Response registered = api.post("/api/v1/nodes", ADMIN_TOKEN, Map.of("name", node));
        Api.Response again = api.post("/api/v1/nodes", ADMIN_TOKEN, Map.of("name", node));
        Api.Response invalid = api.post("/api/v1/nodes", ADMIN_TOKEN, Map.of("name", "Not A Node"));
        api.post("/api/v1/nodes", ADMIN_TOKEN, Map.of("name", other));
        Api.Tenant tenant = tenant("resync", 3);
        String first = allocate(tenant, node);
        String second = allocate(tenant, node);
        allocate(tenant, other);
        api.delete(tenant.allocations() + "/" + first, tenant.token());
        String token = registered.text("token");

        Api.Response own = api.get("/api/v1/nodes/" + node + "/assignments", token);
        Api.Response foreign = api.get("/api/v1/nodes/" + other + "/assignments", token);
        Api.Response asTenant = api.get("/api/v1/nodes/" + node + "/assignments", tenant.token());
        Api.Response listAsNode = api.get("/api/v1/nodes", token);

        assertThat(registered.status()).isEqualTo(201);
        assertThat(token).startsWith("unt_");
        assertThat(again.status()).isEqualTo(409);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(own.status()).isEqualTo(200);
        NodeAssignments desired = CODEC.decode(own.body().toString(), NodeAssignments.class);
        assertThat(desired.sequence()).as("two assignments and one revocation").isEqualTo(3);
        assertThat(desired.assignments()).singleElement().satisfies(event -> {
            assertThat(event.podUid()).hasToString(second);
            EventVerifier.of(SIGNING_KEYS.getPublic()).verify(event);
        });
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(asTenant.status()).isEqualTo(404);
        assertThat(listAsNode.status()).isEqualTo(403);
    }

    @Test
    void heartbeatsMakeANodeReadyAndSilenceMakesItLost() {
        String node = node("liveness");
        api.post("/api/v1/nodes", ADMIN_TOKEN, Map.of("name", node));
        assertThat(api.get("/api/v1/nodes/" + node, ADMIN_TOKEN).text("state")).isEqualTo("NEW");

        report(NodeReport.heartbeat(node, heartbeat(0, List.of()), Instant.now()));
        await().atMost(WAIT)
                .until(() -> "READY"
                        .equals(api.get("/api/v1/nodes/" + node, ADMIN_TOKEN).text("state")));
        Api.Response ready = api.get("/api/v1/nodes/" + node, ADMIN_TOKEN);
        clock.advance(Duration.ofMinutes(2));
        liveness.markSilentNodesLost();
        Api.Response lost = api.get("/api/v1/nodes/" + node, ADMIN_TOKEN);

        assertThat(ready.text("kernelVersion")).isEqualTo("6.18.0");
        assertThat(ready.body().get("idmapSupport").get("ext4").asBoolean()).isTrue();
        assertThat(ready.body().get("idmapSupport").get("nfs").asBoolean()).isFalse();
        assertThat(ready.text("firstHeartbeatAt")).isNotNull();
        assertThat(lost.text("state")).isEqualTo("LOST");
        assertThat(api.get("/api/v1/nodes", ADMIN_TOKEN).body().findValuesAsString("name"))
                .contains(node);
    }

    @Test
    void releaseOnALostNodeWaitsForAnAdminToForceIt() {
        Api.Tenant tenant = tenant("forced", 1);
        String node = node("forced");
        String pod = allocate(tenant, node);
        String path = tenant.allocations() + "/" + pod;

        Api.Response early = api.post(path + "/force-release", ADMIN_TOKEN, null);
        api.delete(path, tenant.token());
        clock.advance(Duration.ofHours(1));
        liveness.markSilentNodesLost();
        Api.Response stillReleasing = api.get(path, tenant.token());
        Api.Response byTenant = api.post(path + "/force-release", tenant.token(), null);
        Api.Response forced = api.post(path + "/force-release", ADMIN_TOKEN, null);

        assertThat(early.status()).isEqualTo(409);
        assertThat(stillReleasing.text("state")).isEqualTo("RELEASING");
        assertThat(byTenant.status()).isEqualTo(403);
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.text("state")).isEqualTo("RELEASED");
        assertThat(history(tenant, pod)).containsExactly("PENDING", "RELEASING", "RELEASED");
    }

    @Test
    void heartbeatOfACaughtUpNodeFindsDriftAndPublishesWhatConverges() {
        Api.Tenant tenant = tenant("drift", 3);
        String node = node("drift");
        String kept = allocate(tenant, node);
        String lacking = allocate(tenant, node);
        String stray = allocate(tenant, node);
        List<AssignmentEvent> assigned = eventsFor(node, 3, WAIT);
        for (AssignmentEvent event : assigned) {
            report(NodeReport.applied(node, event.podUid(), event.sequence(), Instant.now()));
        }
        awaitState(tenant, stray, "ACTIVE");
        api.delete(tenant.allocations() + "/" + stray, tenant.token());
        AssignmentEvent revokedStray = eventsFor(node, 4, WAIT).get(3);
        report(NodeReport.revoked(node, revokedStray.podUid(), revokedStray.sequence(), Instant.now()));
        awaitState(tenant, stray, "RELEASED");

        // Behind: events in flight, so no drift is judged.
        report(NodeReport.heartbeat(node, heartbeat(2, List.of(UUID.fromString(kept))), Instant.now()));
        // Caught up, but lacking one pod it should hold and holding one it should not.
        report(NodeReport.heartbeat(
                node, heartbeat(4, List.of(UUID.fromString(kept), UUID.fromString(stray))), Instant.now()));

        await().atMost(WAIT)
                .until(() -> !api.get("/api/v1/nodes/" + node, ADMIN_TOKEN)
                        .body()
                        .get("drift")
                        .isEmpty());
        Api.Response view = api.get("/api/v1/nodes/" + node, ADMIN_TOKEN);
        List<AssignmentEvent> events = eventsFor(node, 6, WAIT);

        assertThat(view.body().get("drift").findValuesAsString("kind"))
                .containsExactlyInAnyOrder("MISSING", "UNEXPECTED");
        assertThat(events.subList(4, 6))
                .extracting(e -> e.type() + " " + e.podUid())
                .containsExactlyInAnyOrder("ASSIGNED " + lacking, "REVOKED " + stray);
    }

    private String allocate(Api.Tenant tenant, String node) {
        String pod = UUID.randomUUID().toString();
        Map<String, Object> request = allocation(pod);
        request.put("node", node);
        Api.Response response = api.post(tenant.allocations(), tenant.token(), request);
        assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
        return pod;
    }

    private void awaitState(Api.Tenant tenant, String pod, String state) {
        await().atMost(WAIT)
                .until(() -> state.equals(api.get(tenant.allocations() + "/" + pod, tenant.token())
                        .text("state")));
    }

    private List<String> history(Api.Tenant tenant, String pod) {
        return api.get(tenant.allocations() + "/" + pod + "/history", tenant.token())
                .body()
                .findValuesAsString("state");
    }

    private static Heartbeat heartbeat(long appliedSequence, List<UUID> held) {
        return new Heartbeat(
                "6.18.0", true, true, Map.of("ext4", true, "tmpfs", true, "nfs", false), held, appliedSequence, false);
    }

    private static String node(String prefix) {
        return "node-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
