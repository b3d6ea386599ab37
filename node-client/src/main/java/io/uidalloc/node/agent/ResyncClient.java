package io.uidalloc.node.agent;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventFormatException;
import io.uidalloc.contract.EventVerifier;
import io.uidalloc.contract.NodeAssignments;
import io.uidalloc.contract.SignatureRejectedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches the node's whole desired state from {@code GET /api/v1/nodes/{name}/assignments}. Every assignment in the
 * answer is verified like an event from the topic; if one fails, the whole answer is refused, because applying the
 * rest would revoke the pod whose assignment failed, and a signature problem (a key rotation the node was not told
 * of) is no reason to tear down a running pod.
 */
final class ResyncClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String node;
    private final URI uri;
    private final Path tokenFile;
    private final EventCodec codec;
    private final EventVerifier verifier;
    private final HttpClient http;

    ResyncClient(AgentSettings settings, EventCodec codec, EventVerifier verifier) {
        this.node = settings.node();
        String base = settings.serviceUrl().toString().replaceAll("/+$", "");
        this.uri =
                URI.create(base + "/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "/assignments");
        this.tokenFile = settings.tokenFile();
        this.codec = codec;
        this.verifier = verifier;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    URI uri() {
        return uri;
    }

    /**
     * The node's desired state, every assignment verified.
     *
     * @throws ResyncException saying what failed and what to check
     */
    NodeAssignments fetch() {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ResyncException("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResyncException("GET " + uri + " was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new ResyncException(refusal(response), null);
        }
        return verified(response.body());
    }

    private String token() {
        try {
            // Read at every resync, so that a rotated token (a re-mounted secret) is picked up without a restart.
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new ResyncException(
                        "token file " + tokenFile + " is empty; put the node's bearer token in it", null);
            }
            return token;
        } catch (IOException e) {
            throw new ResyncException("cannot read token file " + tokenFile + ": " + e, e);
        }
    }

    private NodeAssignments verified(byte[] body) {
        NodeAssignments state;
        try {
            state = codec.decode(body, NodeAssignments.class);
        } catch (EventFormatException | IllegalArgumentException e) {
            throw new ResyncException(
                    "GET " + uri + " answered 200 without a usable NodeAssignments document: " + e.getMessage(), e);
        }
        if (!node.equals(state.node())) {
            throw new ResyncException(
                    "GET " + uri + " answered the state of node " + state.node() + ", not " + node, null);
        }
        for (AssignmentEvent assignment : state.assignments()) {
            try {
                verifier.verify(assignment);
            } catch (SignatureRejectedException e) {
                throw new ResyncException(
                        "resync answer refused, nothing changed: " + e.getMessage() + " (" + e.reason() + ")", e);
            }
        }
        return state;
    }

    private String refusal(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String detail = problemDetail(response.body());
        String hint = switch (status) {
            case 401, 403 -> "; check that --token-file holds this node's token";
            case 404 -> "; check --node and --service, the service does not know node " + node;
            default -> "";
        };
        return "GET " + uri + " answered " + status + detail + hint;
    }

    /** The {@code detail} (or {@code title}) of an RFC 9457 problem document, if the body is one. */
    private static String problemDetail(byte[] body) {
        try {
            JsonNode problem = JSON.readTree(body);
            for (String field : new String[] {"detail", "title"}) {
                if (problem != null && problem.hasNonNull(field)) {
                    return " (" + problem.get(field).asString() + ")";
                }
            }
        } catch (RuntimeException e) {
            // Not JSON: the status alone has to do, the body may be an HTML error page of a proxy.
        }
        return "";
    }

    /** The resync did not produce a usable desired state. */
    static final class ResyncException extends RuntimeException {
        ResyncException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
