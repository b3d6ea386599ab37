package io.uidalloc.service.endtoend;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uidalloc.contract.SigningKeys;
import io.uidalloc.node.cli.Main;
import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.EventsIntegrationTest;
import io.uidalloc.service.support.KafkaBroker;
import io.uidalloc.service.support.LocalNodeAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole path on the real kernel: a scheduler allocates over REST, the service publishes through Kafka, a real
 * node agent creates the user namespace and the id-mapped mount, and its report makes the allocation ACTIVE; the
 * release goes back the same way and leaves nothing on the node.
 */
class NodeClientEndToEndTest extends EventsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    private Path work;
    private Path volumes;

    @BeforeEach
    void needsTheKernel() throws IOException {
        Optional<String> missing = Main.cannotApply();
        Assumptions.assumeTrue(
                missing.isEmpty(), () -> "skipped: the node agent cannot apply pods here: " + missing.orElse(""));
        work = Files.createTempDirectory("uidalloc-e2e-");
        volumes = work.resolve("volumes");
        Files.createDirectories(volumes);
        run("mount", "-t", "tmpfs", "-o", "size=8m", "uidalloc-e2e", volumes.toString());
    }

    @AfterEach
    void unmount() {
        if (volumes != null) {
            run("umount", "-l", volumes.toString());
        }
    }

    @Test
    void allocationIsAppliedByTheNodeAndItsReleaseUndoesEverything() throws IOException {
        String node = "node-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String nodeToken =
                api.post("/api/v1/nodes", ADMIN_TOKEN, Map.of("name", node)).text("token");
        Path data = Files.createDirectories(volumes.resolve("data"));
        Files.writeString(data.resolve("owned-by-root"), "hello");
        Api.Tenant tenant = tenant("e2e", 2);
        String pod = UUID.randomUUID().toString();
        Map<String, Object> request = allocation(pod);
        request.put("node", node);
        request.put("volumes", List.of(Map.of("name", "data", "hostPath", data.toString(), "containerPath", "/data")));

        try (LocalNodeAgent agent = LocalNodeAgent.start(
                node,
                "http://localhost:" + port,
                nodeToken,
                KafkaBroker.shared().bootstrapServers(),
                SigningKeys.encodePublicKey(SIGNING_KEYS.getPublic()),
                work.resolve("agent"),
                volumes,
                false)) {
            Api.Response allocated = api.post(tenant.allocations(), tenant.token(), request);
            long hostIdStart = allocated.number("hostIdStart");
            await().atMost(WAIT).until(() -> "ACTIVE".equals(state(tenant, pod)));

            Path mounted = agent.mountRoot().resolve(pod).resolve("data");
            assertThat(Files.getAttribute(mounted.resolve("owned-by-root"), "unix:uid"))
                    .as("a file owned by 0 on disk shows as the pod's first host ID through the mount")
                    .isEqualTo((int) hostIdStart);
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(mounted.toString());
            assertThat(agent.stateDir().resolve("pods").resolve(pod).resolve("runtime-spec.json"))
                    .exists();
            await().atMost(WAIT)
                    .until(() -> "READY"
                            .equals(api.get("/api/v1/nodes/" + node, ADMIN_TOKEN)
                                    .text("state")));

            api.delete(tenant.allocations() + "/" + pod, tenant.token());
            await().atMost(WAIT).until(() -> "RELEASED".equals(state(tenant, pod)));

            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(mounted.toString());
            assertThat(agent.stateDir().resolve("pods").resolve(pod)).doesNotExist();
            assertThat(api.get("/api/v1/nodes/" + node, ADMIN_TOKEN).body().get("drift"))
                    .isEmpty();
        }
    }

    private String state(Api.Tenant tenant, String pod) {
        return api.get(tenant.allocations() + "/" + pod, tenant.token()).text("state");
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + " interrupted", e);
        }
    }
}
