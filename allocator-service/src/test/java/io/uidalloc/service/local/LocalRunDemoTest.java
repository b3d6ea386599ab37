package io.uidalloc.service.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.node.cli.Main;
import io.uidalloc.service.node.NodeService;
import io.uidalloc.service.outbox.EventsProperties;
import io.uidalloc.service.security.SecurityProperties;
import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.LocalNodeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the scripted demo against the local run, as a newcomer would after starting it: the local run's own database,
 * broker and node client for this machine, plus a second node client, so that pods land on two nodes. Stopping the
 * local run must leave nothing mounted, pinned or running.
 */
class LocalRunDemoTest {

    @Test
    void demoAllocatesAppliesLooksUpAndReleasesThreePodsOnTwoNodes() throws Exception {
        boolean kernel = Main.cannotApply().isEmpty();
        Path secondNodeWork = Files.createTempDirectory("uidalloc-demo-node-");
        List<LocalDemo.Pod> pods;
        try (ConfigurableApplicationContext run = LocalUidalloc.start("--server.port=0")) {
            Api api = new Api(run.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            String admin = run.getBean(SecurityProperties.class).adminToken();
            String secondNode = "demo-node-2";
            String token = run.getBean(NodeService.class).register(secondNode);
            Path volumes = Files.createDirectories(LocalNodeClient.WORK.resolve("volumes"));
            try (LocalNodeAgent second = LocalNodeAgent.start(
                    secondNode,
                    "http://localhost:" + run.getEnvironment().getProperty("local.server.port"),
                    token,
                    String.join(",", run.getBean(KafkaConnectionDetails.class).getBootstrapServers()),
                    run.getBean(EventsProperties.class).signingPublicKey(),
                    secondNodeWork,
                    volumes,
                    !kernel)) {
                pods = new LocalDemo(api, admin, System.out)
                        .run(List.of(LocalNode.name(), secondNode), volumes, kernel);
            }
        }

        assertThat(pods).hasSize(3);
        assertThat(pods).extracting(LocalDemo.Pod::node).containsOnly(LocalNode.name(), "demo-node-2");
        assertThat(pods).extracting(LocalDemo.Pod::hostIdStart).doesNotHaveDuplicates();
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(mounts)
                .as("nothing stays mounted or pinned")
                .doesNotContain(LocalNodeClient.WORK.toString())
                .doesNotContain(secondNodeWork.toString());
    }
}
