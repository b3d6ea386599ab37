package io.uidalloc.service.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every setting the service knows: Spring Boot's, from the {@code spring-configuration-metadata.json} each of its jars
 * carries, and the service's own {@code uidalloc.*}, from the one the configuration processor writes into
 * {@code target/classes}. Both are on the test class path.
 */
final class KnownSettings {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Setting> byName;

    private KnownSettings(Map<String, Setting> byName) {
        this.byName = byName;
    }

    /**
     * One documented setting.
     *
     * @param name canonical name, e.g. {@code uidalloc.events.signing-private-key}
     * @param description the description the metadata carries, or null
     * @param defaultValue the default as the metadata gives it (string, number or boolean), or null
     * @param sourceType the class that declares it
     */
    record Setting(String name, String description, JsonNode defaultValue, String sourceType) {

        /** The default as an operator writes it: {@code 10s}, {@code true}, {@code 65536}; null when there is none. */
        String defaultText() {
            return defaultValue == null || defaultValue.isNull() ? null : defaultValue.asString();
        }
    }

    static KnownSettings load() {
        Map<String, Setting> settings = new TreeMap<>();
        try {
            for (URL url : Collections.list(KnownSettings.class.getClassLoader().getResources(METADATA))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : JSON.readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        settings.put(
                                name,
                                new Setting(
                                        name,
                                        property.path("description").asString(null),
                                        property.get("defaultValue"),
                                        property.path("sourceType").asString(null)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration metadata on the class path", e);
        }
        return new KnownSettings(settings);
    }

    Setting get(String name) {
        return byName.get(name);
    }

    /** The service's own settings, {@code uidalloc.*}, sorted by name. */
    List<Setting> uidalloc() {
        return byName.values().stream()
                .filter(setting -> setting.name().startsWith("uidalloc."))
                .toList();
    }

    /**
     * The settings an environment variable sets, decided by Spring Boot's own relaxed binding rather than a rule
     * re-implemented here: {@code UIDALLOC_EVENTS_SIGNING_PRIVATE_KEY} sets
     * {@code uidalloc.events.signing-private-key}.
     */
    List<String> boundBy(String variable) {
        // Boot applies its environment-variable mapping to a source by its name, so it must be the standard one.
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
        return byName.keySet().stream()
                .filter(ConfigurationPropertyName::isValid)
                .filter(name -> environment.getConfigurationProperty(ConfigurationPropertyName.of(name)) != null)
                .toList();
    }
}
