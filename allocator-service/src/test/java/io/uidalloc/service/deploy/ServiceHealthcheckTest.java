package io.uidalloc.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runs the allocator replicas' Compose healthcheck, the command exactly as the file gives it, with this machine's bash
 * (the image has bash and no HTTP client), against a stand-in for the readiness endpoint on a free port. The command
 * names port 8080 ({@link ImageConfigurationTest} ties that to the service); only the port is substituted here.
 */
class ServiceHealthcheckTest {

    private static final String READINESS = "/actuator/health/readiness";

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void healthcheckPassesWhenTheServiceIsReady() throws Exception {
        int port = serve(200, "{\"status\":\"UP\"}");

        assertThat(runHealthcheck(port)).isZero();
    }

    @Test
    void healthcheckFailsWhenTheServiceIsNotReady() throws Exception {
        int port = serve(503, "{\"status\":\"OUT_OF_SERVICE\"}");

        assertThat(runHealthcheck(port)).isNotZero();
    }

    @Test
    void healthcheckFailsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertThat(runHealthcheck(port)).isNotZero();
    }

    private int serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            int answer = exchange.getRequestURI().getPath().equals(READINESS) ? status : 404;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static int runHealthcheck(int port) throws Exception {
        assumeThat(Files.isExecutable(Path.of("/bin/bash")))
                .as("the healthcheck is a bash command; this machine has no /bin/bash")
                .isTrue();
        JsonNode test =
                DeploymentFiles.service("allocator-1").path("healthcheck").path("test");
        List<String> command = new ArrayList<>();
        test.valueStream().skip(1).forEach(part -> command.add(part.asString()));
        assertThat(test.path(0).asString()).isEqualTo("CMD");
        assertThat(command.get(command.size() - 1)).contains("/dev/tcp/127.0.0.1/8080 ", READINESS);

        command.set(
                command.size() - 1,
                command.get(command.size() - 1).replace("/127.0.0.1/8080 ", "/127.0.0.1/" + port + " "));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the healthcheck did not finish within 10 s: " + command);
        }
        return process.exitValue();
    }
}
