package io.uidalloc.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.deploy.KnownSettings.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docs/configuration.md} against the configuration metadata the build generates from the
 * {@code @ConfigurationProperties} records and against Spring Boot's own: every {@code uidalloc.*} setting has a row,
 * every row is a real setting, its environment variable binds to it, its default is the real one.
 */
class ConfigurationReferenceTest {

    private static final String SERVICE_TABLE = "### Settings of the service (`uidalloc.*`)";
    private static final String SPRING_TABLE = "### Spring Boot settings an operator sets";
    private static final Set<String> NO_DEFAULT = Set.of("required", "none");

    private final KnownSettings settings = KnownSettings.load();

    @Test
    void everySettingOfTheServiceHasARowAndEveryRowIsASettingOfTheService() {
        Set<String> documented = rows(SERVICE_TABLE).stream().map(Row::setting).collect(Collectors.toSet());
        Set<String> known = settings.uidalloc().stream().map(Setting::name).collect(Collectors.toSet());

        assertThat(known).as("the metadata lists the service's settings").isNotEmpty();
        assertThat(documented).isEqualTo(known);
    }

    @Test
    void everySettingOfTheServiceCarriesADescriptionInTheMetadata() {
        for (Setting setting : settings.uidalloc()) {
            assertThat(setting.description())
                    .as("%s has no description: document it with @param on its record", setting.name())
                    .isNotBlank();
        }
    }

    @Test
    void serviceRowsNameTheVariableThatSetsThemAndTheirRealDefault() {
        for (Row row : rows(SERVICE_TABLE)) {
            assertThat(settings.boundBy(row.variable())).as(row.setting()).contains(row.setting());
            assertDefault(row, settings.get(row.setting()).defaultText());
        }
    }

    @Test
    void springRowsAreRealSettingsWithTheVariableThatSetsThemAndTheDefaultTheServiceRunsWith() {
        Map<String, String> applicationYml = flatten(YAMLMapper.builder()
                .build()
                .readTree(DeploymentFiles.read("allocator-service/src/main/resources/application.yml")));

        List<Row> rows = rows(SPRING_TABLE);
        assertThat(rows).extracting(Row::setting).contains("spring.datasource.url", "spring.kafka.bootstrap-servers");
        for (Row row : rows) {
            Setting setting = settings.get(row.setting());
            assertThat(setting)
                    .as("%s is a setting Spring Boot knows", row.setting())
                    .isNotNull();
            assertThat(settings.boundBy(row.variable())).as(row.setting()).contains(row.setting());
            assertDefault(row, applicationYml.getOrDefault(row.setting(), setting.defaultText()));
        }
    }

    @Test
    void everySettingTheComposeFileGivesTheServiceIsDocumented() {
        Set<String> documented = Stream.concat(rows(SERVICE_TABLE).stream(), rows(SPRING_TABLE).stream())
                .map(Row::variable)
                .collect(Collectors.toSet());

        assertThat(documented)
                .containsAll(DeploymentFiles.environment(DeploymentFiles.service("allocator-1"))
                        .keySet());
    }

    private static void assertDefault(Row row, String expected) {
        if (expected == null) {
            assertThat(row.defaultValue()).as(row.setting()).isIn(NO_DEFAULT);
        } else {
            assertThat(row.defaultValue()).as(row.setting()).isEqualTo("`" + expected + "`");
        }
    }

    /** One row: the cells with the backticks of the setting and the variable taken off, the default's kept. */
    private record Row(String setting, String variable, String defaultValue, String meaning) {}

    private static List<Row> rows(String heading) {
        List<String> lines =
                DeploymentFiles.read("docs/configuration.md").lines().toList();
        int start = lines.indexOf(heading);
        assertThat(start).as("docs/configuration.md has the heading " + heading).isNotNegative();
        List<Row> rows = lines.stream()
                .skip(start + 1)
                .takeWhile(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith("| `"))
                .map(ConfigurationReferenceTest::row)
                .toList();
        assertThat(rows).as("rows under " + heading).isNotEmpty();
        return rows;
    }

    private static Row row(String line) {
        String[] cells = line.substring(1, line.length() - 1).split("\\|", 4);
        assertThat(cells).as(line).hasSize(4);
        return new Row(unquote(cells[0]), unquote(cells[1]), cells[2].strip(), cells[3].strip());
    }

    private static String unquote(String cell) {
        String text = cell.strip();
        assertThat(text).as("a setting or variable cell is one code span").matches("`[^`]+`");
        return text.substring(1, text.length() - 1);
    }

    private static Map<String, String> flatten(JsonNode tree) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        if (node.isObject()) {
            node.properties().forEach(entry -> flatten(prefix + entry.getKey() + ".", entry.getValue(), flat));
        } else {
            flat.put(prefix.substring(0, prefix.length() - 1), node.asString());
        }
    }
}
