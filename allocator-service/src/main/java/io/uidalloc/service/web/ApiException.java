package io.uidalloc.service.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with everything an RFC 9457 problem needs: the problem type (the last segment of
 * its URI), the status, a title shared by every instance of the type and a detail specific to this one.
 */
public class ApiException extends RuntimeException {

    /** Problem type URIs are this base plus a short name; docs/api.md lists them. */
    public static final String TYPE_BASE = "https://uidalloc.io/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldProblem> errors;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), Map.of());
    }

    public ApiException(
            HttpStatus status,
            String type,
            String title,
            String detail,
            List<FieldProblem> errors,
            Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.properties = Map.copyOf(properties);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " does not exist");
    }

    public static ApiException invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors";
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, errors, Map.of());
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create(TYPE_BASE + type);
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
