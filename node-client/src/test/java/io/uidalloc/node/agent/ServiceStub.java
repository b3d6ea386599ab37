package io.uidalloc.node.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.NodeAssignments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers the agent's resync as the allocator service would: {@code GET /api/v1/nodes/{node}/assignments} with the
 * node's bearer token gets the desired state the test set, anything else a problem document.
 */
final class ServiceStub implements AutoCloseable {

    static final String TOKEN = "node-token-for-tests";

    private final String node;
    private final HttpServer server;
    private final EventCodec codec = new EventCodec();
    private final AtomicReference<NodeAssignments> state = new AtomicReference<>();
    private final AtomicInteger resyncs = new AtomicInteger();

    ServiceStub(String node) {
        this.node = node;
        this.state.set(new NodeAssignments(node, 0, List.of()));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The desired state from now on. */
    void desire(long sequence, AssignmentEvent... assignments) {
        state.set(new NodeAssignments(node, sequence, List.of(assignments)));
    }

    /** How many resyncs were answered with a state. */
    int resyncs() {
        return resyncs.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                problem(exchange, 401, "missing or wrong node token");
            } else if (!exchange.getRequestURI().getPath().equals("/api/v1/nodes/" + node + "/assignments")) {
                problem(exchange, 404, "no node at " + exchange.getRequestURI().getPath());
            } else {
                byte[] body = codec.encode(state.get());
                resyncs.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        byte[] body = ("{\"title\":\"error\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
