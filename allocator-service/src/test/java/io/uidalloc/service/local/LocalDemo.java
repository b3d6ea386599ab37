package io.uidalloc.service.local;

import io.uidalloc.service.support.Api;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The scripted demo of the local run: two tenants, three pods on two nodes; the node clients apply them; the demo
 * looks them up and releases them, narrating each step. The test suite runs it against a local run
 * ({@code LocalRunDemoTest}).
 */
final class LocalDemo {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Api api;
    private final String adminToken;
    private final PrintStream out;

    LocalDemo(Api api, String adminToken, PrintStream out) {
        this.api = api;
        this.adminToken = adminToken;
        this.out = out;
    }

    /** One pod of the demo and where it ended up. */
    record Pod(Api.Tenant tenant, String podUid, String node, long hostIdStart) {}

    /**
     * Runs the demo.
     *
     * @param nodes the two nodes, each with a running node client
     * @param volumeRoot a directory under the node clients' allowed root, for the pods' volumes
     * @param expectApplied whether the node clients apply pods (false when they run in dry-run mode)
     * @return the pods, released
     */
    List<Pod> run(List<String> nodes, java.nio.file.Path volumeRoot, boolean expectApplied) throws Exception {
        step("Two tenants, each with a quota of 3 blocks");
        Api.Tenant shop = api.createTenant(adminToken, "shop", 3);
        Api.Tenant analytics = api.createTenant(adminToken, "analytics", 3);

        step("Three pods on two nodes");
        List<Pod> pods = new ArrayList<>();
        pods.add(allocate(shop, "web-0", nodes.get(0), volumeRoot));
        pods.add(allocate(shop, "web-1", nodes.get(1), volumeRoot));
        pods.add(allocate(analytics, "etl-0", nodes.get(0), volumeRoot));

        step(
                expectApplied
                        ? "Watch the node clients apply them: PENDING until the node reports, then ACTIVE"
                        : "The node clients run in dry-run mode: they log what they would do; the pods stay"
                                + " PENDING");
        for (Pod pod : pods) {
            String state = expectApplied ? await(pod, "ACTIVE") : state(pod);
            say("pod %s on %s: %s", pod.podUid(), pod.node(), state);
        }

        step("Look them up");
        for (Pod pod : pods) {
            long someHostId = pod.hostIdStart() + 1000;
            Api.Response holders = api.get("/api/v1/host-ids/" + someHostId + "/holders", adminToken);
            say(
                    "host ID %d is held by pod %s of tenant %s",
                    someHostId,
                    holders.body().get("holders").get(0).get("podUid").asString(),
                    pod.tenant().name());
        }
        for (String node : nodes) {
            Api.Response view = api.get("/api/v1/nodes/" + node, adminToken);
            say(
                    "node %s is %s, kernel %s, holds %s pods",
                    node,
                    view.text("state"),
                    view.text("kernelVersion"),
                    view.body().path("podsHeld").asString("?"));
        }

        step("Release them: RELEASING until the node confirms, then RELEASED and the block rests in quarantine");
        for (Pod pod : pods) {
            api.delete(
                    pod.tenant().allocations() + "/" + pod.podUid(),
                    pod.tenant().token());
        }
        for (Pod pod : pods) {
            say("pod %s: %s", pod.podUid(), await(pod, "RELEASED"));
        }
        step("Done");
        return pods;
    }

    private Pod allocate(Api.Tenant tenant, String podName, String node, java.nio.file.Path volumeRoot)
            throws java.io.IOException {
        String pod = UUID.randomUUID().toString();
        java.nio.file.Path data = java.nio.file.Files.createDirectories(volumeRoot.resolve(podName));
        Map<String, Object> request = new HashMap<>();
        request.put("podUid", pod);
        request.put("namespace", tenant.name().startsWith("shop") ? "shop" : "analytics");
        request.put("podName", podName);
        request.put("node", node);
        request.put("volumes", List.of(Map.of("name", "data", "hostPath", data.toString(), "containerPath", "/data")));
        Api.Response response = api.post(tenant.allocations(), tenant.token(), request);
        if (response.status() != 201) {
            throw new IllegalStateException(
                    "allocating " + podName + " answered " + response.status() + " " + response.body());
        }
        say(
                "%s/%s (tenant %s) on %s: block %d, host IDs from %d",
                request.get("namespace"),
                podName,
                tenant.name(),
                node,
                response.number("block"),
                response.number("hostIdStart"));
        return new Pod(tenant, pod, node, response.number("hostIdStart"));
    }

    private String await(Pod pod, String wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        Predicate<String> done = wanted::equals;
        String state = state(pod);
        while (!done.test(state) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            state = state(pod);
        }
        if (!done.test(state)) {
            throw new IllegalStateException(
                    "pod " + pod.podUid() + " is " + state + ", not " + wanted + ", after " + PATIENCE);
        }
        return state;
    }

    private String state(Pod pod) {
        return api.get(
                        pod.tenant().allocations() + "/" + pod.podUid(),
                        pod.tenant().token())
                .text("state");
    }

    private void step(String title) {
        out.println();
        out.println("== " + title);
    }

    private void say(String format, Object... args) {
        out.println("   " + String.format(format, args));
    }
}
