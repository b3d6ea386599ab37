package io.uidalloc.node.agent;

import static io.uidalloc.node.testing.KernelAssumptions.assumeIdmapOn;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventSigner;
import io.uidalloc.contract.NodeReport;
import io.uidalloc.contract.ReportType;
import io.uidalloc.contract.SigningKeys;
import io.uidalloc.node.IdRange;
import io.uidalloc.node.kernel.FileSystemType;
import io.uidalloc.node.kernel.FileSystems;
import io.uidalloc.node.kernel.MountTable;
import io.uidalloc.node.kernel.UserNamespaces;
import io.uidalloc.node.pod.PodApplier;
import io.uidalloc.node.pod.PodLayout;
import io.uidalloc.node.safety.SafetyRules;
import io.uidalloc.node.testing.ScratchMounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the real jar as operators run it: start-up time and resident memory with 110 pods (the kubelet's default
 * pod limit) applied on tmpfs. Not part of the normal build; run it with
 * {@code ./mvnw -q -pl contract,node-client -am install -DskipTests && ./mvnw -pl node-client test -Dgroups=benchmark}.
 * It prints its figures and fails only if the agent does not apply and revoke every pod, or exceeds 100 MB of RSS.
 */
@Tag("benchmark")
class FootprintBenchmark {

    /** The flags docs/node-client.md recommends for the agent; {@code -Dbenchmark.jvmFlags="..."} tries others. */
    static final List<String> JVM_FLAGS = List.of(System.getProperty(
                    "benchmark.jvmFlags",
                    "-Xms16m -Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"
                            + " -XX:MaxMetaspaceSize=64m")
            .split(" "));

    private static final int PODS = 110;
    private static final long RSS_LIMIT_KB = 100 * 1024;
    private static final Path JAR = Path.of("target/node-client.jar");

    @TempDir
    Path base;

    @Test
    void agentHolding110PodsStaysUnder100MegabytesOfResidentMemory() throws Exception {
        assumeIdmapOn(FileSystemType.TMPFS);
        assertThat(JAR)
                .as("build the jar first: ./mvnw -q -pl contract,node-client -am install -DskipTests")
                .exists();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        String node = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair keys = SigningKeys.generate();
        EventSigner signer = EventSigner.of(keys);
        Files.writeString(base.resolve("token"), ServiceStub.TOKEN);

        try (Broker broker = new Broker(3);
                ServiceStub service = new ServiceStub(node);
                ScratchMounts scratch = new ScratchMounts(base)) {
            Path data = scratch.tmpfs("data");
            List<String> command = command(node, service, broker, keys, data);
            long launched = System.nanoTime();
            Process agent =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                CompletableFuture<Long> ready = new CompletableFuture<>();
                Thread output = echoOutput(agent, launched, ready);
                long startupMillis = ready.get(60, TimeUnit.SECONDS);

                List<AssignmentEvent> pods = new ArrayList<>();
                for (int i = 1; i <= PODS; i++) {
                    Path volume = Files.createDirectory(data.resolve("v" + i));
                    AssignmentEvent event = signer.sign(EventBuilder.assigned(node, i)
                            .block(19 + i)
                            .volume("data", volume.toString())
                            .build());
                    pods.add(event);
                    broker.publishEvent(node, event);
                }
                broker.awaitReport(node, report -> isReport(report, ReportType.APPLIED, PODS), "APPLIED " + PODS);
                List<NodeReport> settled = broker.awaitReport(
                        node,
                        report -> report.type() == ReportType.HEARTBEAT
                                && report.heartbeat().heldPods().size() == PODS,
                        "heartbeat with " + PODS + " pods");
                long rssKb = statusKb(agent.pid(), "VmRSS");
                long peakKb = statusKb(agent.pid(), "VmHWM");
                long anonKb = statusKb(agent.pid(), "RssAnon");
                long fileKb = statusKb(agent.pid(), "RssFile");

                for (int i = 0; i < PODS; i++) {
                    broker.publishEvent(
                            node,
                            signer.sign(EventBuilder.revoked(
                                            node, PODS + 1 + i, pods.get(i).podUid())
                                    .build()));
                }
                broker.awaitReport(node, report -> isReport(report, ReportType.REVOKED, 2 * PODS), "REVOKED all");
                agent.destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
                output.join(TimeUnit.SECONDS.toMillis(5));

                System.out.printf(
                        "%nFOOTPRINT %d pods on tmpfs, JVM flags %s%n  start-up (process launch to ready line): %d ms%n"
                                + "  VmRSS with %d pods applied: %d kB (%.1f MiB), peak VmHWM %d kB (%.1f MiB)%n"
                                + "  of which RssAnon %d kB, RssFile %d kB%n",
                        PODS,
                        String.join(" ", JVM_FLAGS),
                        startupMillis,
                        PODS,
                        rssKb,
                        rssKb / 1024.0,
                        peakKb,
                        peakKb / 1024.0,
                        anonKb,
                        fileKb);
                assertThat(settled).extracting(NodeReport::type).doesNotContain(ReportType.FAILED);
                assertThat(rssKb).isLessThan(RSS_LIMIT_KB);
                assertThat(MountTable.read())
                        .noneMatch(mount -> mount.mountPoint().startsWith(base.resolve("mnt")));
            } finally {
                agent.destroyForcibly().waitFor();
                revokeLeftovers(data);
            }
        }
    }

    private List<String> command(String node, ServiceStub service, Broker broker, KeyPair keys, Path data) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return Stream.of(
                        Stream.of(java),
                        JVM_FLAGS.stream(),
                        Stream.of(
                                "-jar",
                                JAR.toString(),
                                "--node",
                                node,
                                "--service",
                                service.url().toString(),
                                "--token-file",
                                base.resolve("token").toString(),
                                "--bootstrap-servers",
                                broker.servers(),
                                "--public-key",
                                SigningKeys.encodePublicKey(keys.getPublic()),
                                "--pool-first",
                                Long.toString(10 * 65536L),
                                "--pool-end",
                                Long.toString(200 * 65536L),
                                "--allowed-root",
                                data.toString(),
                                "--mount-root",
                                base.resolve("mnt").toString(),
                                "--state-dir",
                                base.resolve("state").toString(),
                                "--topic",
                                Broker.ASSIGNMENTS,
                                "--reports-topic",
                                Broker.REPORTS,
                                "--heartbeat-interval",
                                "1s",
                                "--revoke-all-on-exit"))
                .flatMap(s -> s)
                .toList();
    }

    private static boolean isReport(NodeReport report, ReportType type, long sequence) {
        return report.type() == type && report.sequence() == sequence;
    }

    /** Copies the agent's log to standard output and completes {@code ready} with the time to its ready line. */
    private static Thread echoOutput(Process agent, long launched, CompletableFuture<Long> ready) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!ready.isDone() && line.contains("NodeAgent: ready:")) {
                        ready.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched));
                    }
                    System.out.println("agent | " + line);
                }
                ready.completeExceptionally(new AssertionError("the agent exited before it was ready"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        thread.start();
        return thread;
    }

    private static long statusKb(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith(field + ":"))
                .map(line -> line.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + " in /proc/" + pid + "/status"));
    }

    /** Whatever the agent could not revoke before it was killed. */
    private void revokeLeftovers(Path data) {
        PodApplier kernel = new PodApplier(
                PodLayout.create(base.resolve("mnt"), base.resolve("state")),
                new SafetyRules(new IdRange(65536, 65536), List.of(data)),
                new UserNamespaces(),
                new FileSystems());
        kernel.scan().forEach(state -> kernel.revoke(state.podUid()));
    }
}
