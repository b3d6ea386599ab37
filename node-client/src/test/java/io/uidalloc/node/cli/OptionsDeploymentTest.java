package io.uidalloc.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.contract.SigningKeys;
import io.uidalloc.node.cli.Options.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The node client's options as the deployment files use them, against the agent's own option list
 * ({@link Option}): the table in {@code docs/configuration.md}, and the node client of {@code docker-compose.yml}.
 */
class OptionsDeploymentTest {

    private static final String TABLE_HEADING = "## Node client";
    private static final Set<String> NO_DEFAULT = Set.of("required", "none");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?}");

    @TempDir
    Path temp;

    @Test
    void everyOptionHasARowInTheConfigurationReferenceAndEveryRowIsAnOption() {
        Set<String> documented = rows().stream().map(row -> row.get(0)).collect(Collectors.toSet());
        Set<String> known =
                Arrays.stream(Option.values()).map(option -> "--" + option.name).collect(Collectors.toSet());

        assertThat(documented).isEqualTo(known);
    }

    @Test
    void everyRowNamesTheOptionsEnvironmentVariableAndDefault() {
        for (List<String> row : rows()) {
            Option option = Option.named(row.get(0).substring(2));

            assertThat(row.get(1)).as(row.get(0)).isEqualTo("`" + option.environmentVariable() + "`");
            if (option.defaultValue == null) {
                assertThat(row.get(2)).as(row.get(0)).isIn(NO_DEFAULT);
            } else {
                assertThat(row.get(2)).as(row.get(0)).isEqualTo("`" + option.defaultValue + "`");
            }
            assertThat(row.get(3)).as(row.get(0)).isNotBlank();
        }
    }

    @Test
    void everyNodeVariableTheComposeFileSetsIsAnOptionOfTheAgent() {
        Set<String> known =
                Arrays.stream(Option.values()).map(Option::environmentVariable).collect(Collectors.toSet());

        assertThat(composeEnvironment().keySet())
                .isNotEmpty()
                .allSatisfy(variable -> assertThat(known)
                        .as("%s is an option of the node client", variable)
                        .contains(variable));
    }

    /**
     * The compose file's values go through the agent's own parser. Paths the parser requires to exist on this machine
     * (the token file, the allowed root) and the public key (an interpolation of a secret) are stood in for; every
     * other value is parsed as written.
     */
    @Test
    void composeFileConfigurationIsAcceptedByTheAgent() throws IOException {
        Map<String, String> environment = new HashMap<>(composeEnvironment());
        Path token = Files.writeString(temp.resolve("node-token"), "token");
        environment.put("UIDALLOC_NODE_TOKEN_FILE", token.toString());
        environment.put("UIDALLOC_NODE_ALLOWED_ROOT", temp.toString());
        environment.put(
                "UIDALLOC_NODE_PUBLIC_KEY",
                SigningKeys.encodePublicKey(SigningKeys.generate().getPublic()));
        List<String> command = new ArrayList<>();
        compose()
                .path("services")
                .path("node-client")
                .path("command")
                .valueStream()
                .map(part -> withDefaults(part.asString()))
                .forEach(command::add);

        Options.Parsed parsed = Options.parse(command, environment);

        assertThat(parsed.settings().node()).isEqualTo("node-1");
        assertThat(parsed.settings().serviceUrl().getHost()).isEqualTo("allocator-1");
        assertThat(parsed.settings().pool().start()).isEqualTo(65536);
        assertThat(parsed.settings().dryRun()).isFalse();
    }

    private static Map<String, String> composeEnvironment() {
        Map<String, String> environment = new HashMap<>();
        compose()
                .path("services")
                .path("node-client")
                .path("environment")
                .properties()
                .forEach(entry ->
                        environment.put(entry.getKey(), entry.getValue().asString()));
        return environment;
    }

    /** {@code ${NODE_NAME:-node-1}} becomes {@code node-1}, as Compose does when the variable is not set. */
    private static String withDefaults(String text) {
        Matcher matcher = INTERPOLATION.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String expression = matcher.group();
            String replacement = expression.contains(":-")
                    ? expression.substring(expression.indexOf(":-") + 2, expression.length() - 1)
                    : expression;
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static JsonNode compose() {
        return YAMLMapper.builder().build().readTree(read("docker-compose.yml"));
    }

    /** The rows of the node client's table, each as its four cells; the option's backticks are taken off. */
    private static List<List<String>> rows() {
        List<String> lines = read("docs/configuration.md").lines().toList();
        int start = lines.indexOf(TABLE_HEADING);
        assertThat(start)
                .as("docs/configuration.md has the heading " + TABLE_HEADING)
                .isNotNegative();
        List<List<String>> rows = lines.stream()
                .skip(start + 1)
                .takeWhile(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith("| `--"))
                .map(line -> Arrays.stream(line.substring(1, line.length() - 1).split("\\|", 4))
                        .map(String::strip)
                        .toList())
                .map(cells -> List.of(cells.get(0).replace("`", ""), cells.get(1), cells.get(2), cells.get(3)))
                .toList();
        assertThat(rows).isNotEmpty();
        return rows;
    }

    private static String read(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docker-compose.yml at or above " + Path.of("").toAbsolutePath() + "; run within the project");
        }
        try {
            return Files.readString(dir.resolve(relative));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dir.resolve(relative) + ": " + e.getMessage(), e);
        }
    }
}
