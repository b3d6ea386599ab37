package io.uidalloc.service.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the service's REST API, used by tests as a scheduler or an admin would use it. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A response: its status, its content type and its body as JSON (null when empty). */
    public record Response(int status, String contentType, JsonNode body) {

        public String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        public long number(String field) {
            return body.get(field).asLong();
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    /** A GET whose answer is not JSON, such as the Prometheus text format: its status and its body as text. */
    public TextResponse getText(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new TextResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("GET " + path + " interrupted", e);
        }
    }

    /** A response read as text. */
    public record TextResponse(int status, String body) {}

    /** Sends a body exactly as given, for malformed JSON. */
    public Response postRaw(String path, String token, String rawBody) {
        return send("POST", path, token, rawBody);
    }

    /** Creates a tenant with a unique name derived from {@code prefix}; returns its name and token. */
    public Tenant createTenant(String adminToken, String prefix, int quota) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = post("/api/v1/tenants", adminToken, Map.of("name", name, "quotaBlocks", quota));
        if (created.status() != 201) {
            throw new IllegalStateException("creating tenant " + name + " answered " + created);
        }
        return new Tenant(name, created.text("token"));
    }

    /** A tenant created for a test. */
    public record Tenant(String name, String token) {

        public String allocations() {
            return "/api/v1/tenants/" + name + "/allocations";
        }
    }

    private Response send(String method, String path, String token, Object body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String raw ? raw : JSON.writeValueAsString(body));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, publisher)
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }
}
