package io.uidalloc.service.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The deployment files of the source tree the tests run in: {@code docker-compose.yml}, {@code .env.example}, the poms
 * and the docs. Surefire runs a module's tests in the module's directory, so the project root is found by walking up.
 */
final class DeploymentFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} and the other Compose forms. */
    private static final Pattern INTERPOLATION =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}");

    private DeploymentFiles() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no directory at or above " + Path.of("").toAbsolutePath()
                        + " holds both docker-compose.yml and mvnw; run the tests from within the project");
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(relative), e);
        }
    }

    /** The compose file as a tree, exactly as written (no interpolation, no defaults filled in). */
    static JsonNode compose() {
        return YAML.readTree(read("docker-compose.yml"));
    }

    static JsonNode service(String name) {
        JsonNode service = compose().path("services").path(name);
        if (service.isMissingNode()) {
            throw new IllegalStateException("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** A service's {@code environment}, which the file writes as a mapping (the list form is not used here). */
    static Map<String, String> environment(JsonNode service) {
        JsonNode environment = service.path("environment");
        if (!environment.isObject()) {
            throw new IllegalStateException("environment must be a mapping, got " + environment);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        environment
                .properties()
                .forEach(entry -> variables.put(entry.getKey(), entry.getValue().asString()));
        return variables;
    }

    /** Every {@code ${...}} in a text, in order. */
    static List<Interpolation> interpolations(String text) {
        List<Interpolation> found = new ArrayList<>();
        Matcher matcher = INTERPOLATION.matcher(text);
        while (matcher.find()) {
            found.add(new Interpolation(matcher.group(1), matcher.group(2), matcher.group(3)));
        }
        return found;
    }

    /**
     * One {@code ${NAME<operator><argument>}}.
     *
     * @param variable the variable's name
     * @param operator {@code :-}, {@code -}, {@code :?}, {@code ?}, {@code :+}, {@code +}, or null for a bare one
     * @param argument the default or the error message, or null
     */
    record Interpolation(String variable, String operator, String argument) {

        boolean isRequired() {
            return operator != null && operator.endsWith("?");
        }

        String defaultValue() {
            return operator != null && operator.endsWith("-") ? argument : null;
        }
    }
}
