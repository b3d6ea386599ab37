package io.uidalloc.service.deploy;

import static io.uidalloc.service.deploy.DeploymentFiles.compose;
import static io.uidalloc.service.deploy.DeploymentFiles.environment;
import static io.uidalloc.service.deploy.DeploymentFiles.interpolations;
import static io.uidalloc.service.deploy.DeploymentFiles.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.uidalloc.service.deploy.DeploymentFiles.Interpolation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code docker-compose.yml}, checked without an engine: its structure against the Compose specification's JSON
 * schema (draft-07, copied into {@code src/test/resources/compose/}), and what a schema cannot know against the
 * project itself: every variable the services set is a setting the service has, the secrets must be provided, the
 * replicas agree, and the node client is wired to what the services publish.
 */
class ComposeFileTest {

    private static final Schema COMPOSE_SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(SchemaLocation.of("classpath:compose/compose-spec.json"));

    private static final List<String> ALLOCATORS = List.of("allocator-1", "allocator-2");
    private static final Set<String> LONG_RUNNING =
            Set.of("postgres", "kafka", "allocator-1", "allocator-2", "node-client");

    /** Publishers whose images count as official besides Docker's library (which has no namespace). */
    private static final Set<String> OFFICIAL_PUBLISHERS = Set.of("apache");

    private static final Pattern PINNED_TAG = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?([._-][A-Za-z0-9._-]+)?");

    @Test
    void composeFileIsValidAgainstTheComposeSpecification() {
        assertThat(COMPOSE_SCHEMA.validate(compose())).isEmpty();
    }

    @Test
    void composeFileWithAMisspeltServiceKeyIsRejectedByTheSchema() {
        ObjectNode broken = (ObjectNode) compose();
        ((ObjectNode) broken.path("services").path("node-client")).put("privilegd", true);

        assertThat(COMPOSE_SCHEMA.validate(broken)).isNotEmpty();
    }

    @Test
    void stackHasTheDatabaseTheBrokerTwoAllocatorReplicasAndANodeClient() {
        Set<String> services = new TreeSet<>(compose().path("services").propertyNames());

        assertThat(services).isEqualTo(new TreeSet<>(LONG_RUNNING));
    }

    @Test
    void everyImageIsAnOfficialImageWithAPinnedTagOrOneThisProjectBuilds() {
        String versionTag = "${UIDALLOC_VERSION:-" + ImageConfiguration.projectVersion() + "}";
        List<String> projectImages = ImageConfiguration.projectImages().values().stream()
                .map(image -> image.replace("${project.version}", versionTag))
                .toList();

        compose().path("services").properties().forEach(entry -> {
            String image = entry.getValue().path("image").asString();
            if (image.startsWith("uidalloc/")) {
                assertThat(projectImages).as(entry.getKey()).contains(image);
            } else {
                String repository = image.substring(0, image.indexOf(':'));
                assertThat(!repository.contains("/")
                                || OFFICIAL_PUBLISHERS.contains(repository.substring(0, repository.indexOf('/'))))
                        .as("%s: %s is an official image", entry.getKey(), image)
                        .isTrue();
                assertThat(image.substring(image.indexOf(':') + 1))
                        .as("%s: tag of %s", entry.getKey(), image)
                        .matches(PINNED_TAG);
            }
        });
    }

    @Test
    void everyLongRunningServiceHasAHealthcheckAndRestarts() {
        for (String name : LONG_RUNNING) {
            JsonNode service = service(name);

            assertThat(service.path("healthcheck").path("test").isArray())
                    .as(name)
                    .isTrue();
            assertThat(service.path("healthcheck").path("disable").asBoolean(false))
                    .as(name)
                    .isFalse();
            assertThat(service.path("restart").asString()).as(name).isEqualTo("unless-stopped");
        }
    }

    @Test
    void allocatorsStartOnlyOnceTheDatabaseAndTheBrokerAreHealthy() {
        for (String name : ALLOCATORS) {
            JsonNode dependsOn = service(name).path("depends_on");

            assertThat(dependsOn.path("postgres").path("condition").asString()).isEqualTo("service_healthy");
            assertThat(dependsOn.path("kafka").path("condition").asString()).isEqualTo("service_healthy");
        }
    }

    @Test
    void everyVariableTheAllocatorsSetIsASettingOfTheService() {
        KnownSettings settings = KnownSettings.load();

        for (String name : ALLOCATORS) {
            for (String variable : environment(service(name)).keySet()) {
                assertThat(settings.boundBy(variable))
                        .as("%s sets %s, which no setting of the service binds", name, variable)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void allocatorsAreGivenEverySettingTheServiceCannotStartWithout() {
        KnownSettings settings = KnownSettings.load();
        List<String> required = List.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "spring.kafka.bootstrap-servers",
                "uidalloc.admin-token",
                "uidalloc.events.signing-private-key",
                "uidalloc.events.signing-public-key");

        for (String name : ALLOCATORS) {
            Set<String> bound = environment(service(name)).keySet().stream()
                    .flatMap(variable -> settings.boundBy(variable).stream())
                    .collect(Collectors.toSet());

            assertThat(bound).as(name).containsAll(required);
        }
    }

    @Test
    void secretsMustBeProvidedRatherThanDefaulted() {
        List<String> secrets = List.of(
                "SPRING_DATASOURCE_PASSWORD",
                "UIDALLOC_ADMIN_TOKEN",
                "UIDALLOC_EVENTS_SIGNING_PRIVATE_KEY",
                "UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY");

        for (String name : ALLOCATORS) {
            Map<String, String> environment = environment(service(name));
            for (String secret : secrets) {
                List<Interpolation> used = interpolations(environment.get(secret));

                assertThat(used).as("%s %s", name, secret).hasSize(1);
                assertThat(used.get(0).isRequired()).as("%s %s", name, secret).isTrue();
            }
        }
    }

    @Test
    void replicasShareOneDatabaseAndDifferOnlyInTheirHostPort() {
        JsonNode first = service("allocator-1");
        JsonNode second = service("allocator-2");

        assertThat(environment(second)).isEqualTo(environment(first));
        assertThat(environment(first).get("SPRING_DATASOURCE_URL")).contains("//postgres:5432/");
        assertThat(second.path("image")).isEqualTo(first.path("image"));
        assertThat(second.path("healthcheck")).isEqualTo(first.path("healthcheck"));
        assertThat(second.path("ports").path(0).asString())
                .isNotEqualTo(first.path("ports").path(0).asString());
    }

    @Test
    void everyVariableTheComposeFileReadsIsListedInTheEnvExample() {
        Set<String> read = interpolations(DeploymentFiles.read("docker-compose.yml")).stream()
                .map(Interpolation::variable)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = DeploymentFiles.read(".env.example")
                .lines()
                .filter(line -> line.matches("[A-Z][A-Z0-9_]*=.*"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(listed).isEqualTo(read);
    }

    @Test
    void defaultsInTheEnvExampleAreTheOnesTheComposeFileUses() {
        Map<String, String> example = DeploymentFiles.read(".env.example")
                .lines()
                .filter(line -> line.matches("[A-Z][A-Z0-9_]*=.+"))
                .collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));

        for (Interpolation used : interpolations(DeploymentFiles.read("docker-compose.yml"))) {
            if (used.defaultValue() != null) {
                assertThat(example.get(used.variable())).as(used.variable()).isEqualTo(used.defaultValue());
            }
        }
    }

    @Test
    void brokerAdvertisesTheAddressTheServicesAndTheNodeClientConnectTo() {
        Map<String, String> kafka = environment(service("kafka"));
        List<String> advertised =
                List.of(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(","));

        assertThat(advertised)
                .contains("PLAINTEXT://" + environment(service("allocator-1")).get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(advertised)
                .contains("PLAINTEXT://" + environment(service("node-client")).get("UIDALLOC_NODE_BOOTSTRAP_SERVERS"));
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(kafka.get("KAFKA_NODE_ID") + "@kafka:9093");
    }

    @Test
    void brokerClusterIdIsAKafkaUuid() {
        String clusterId = interpolations(environment(service("kafka")).get("CLUSTER_ID"))
                .get(0)
                .defaultValue();

        assertThat(Uuid.fromString(clusterId).toString()).isEqualTo(clusterId);
    }

    @Test
    void nodeClientTrustsThePublicKeyTheServicesSignWith() {
        String trusted = environment(service("node-client")).get("UIDALLOC_NODE_PUBLIC_KEY");
        String signing = environment(service("allocator-1")).get("UIDALLOC_EVENTS_SIGNING_PUBLIC_KEY");

        assertThat(interpolations(trusted).get(0).variable())
                .isEqualTo(interpolations(signing).get(0).variable());
    }

    @Test
    void nodeClientPoolIsThePoolTheServiceHandsOut() {
        KnownSettings settings = KnownSettings.load();
        Map<String, String> node = environment(service("node-client"));

        assertThat(node.get("UIDALLOC_NODE_POOL_FIRST"))
                .isEqualTo(settings.get("uidalloc.pool.first").defaultText());
        assertThat(node.get("UIDALLOC_NODE_POOL_END"))
                .isEqualTo(settings.get("uidalloc.pool.end").defaultText());
        assertThat(environment(service("allocator-1")).keySet())
                .noneMatch(variable -> variable.startsWith("UIDALLOC_POOL"));
    }

    @Test
    void nodeClientIsPrivilegedAndSeesTheHostPathsAtTheSamePaths() {
        JsonNode node = service("node-client");
        Map<String, String> environment = environment(node);
        Map<String, JsonNode> mounts = node.path("volumes")
                .valueStream()
                .filter(volume -> volume.path("type").asString().equals("bind"))
                .collect(Collectors.toMap(volume -> volume.path("target").asString(), volume -> volume));

        assertThat(node.path("privileged").asBoolean()).isTrue();
        for (String variable : List.of("UIDALLOC_NODE_MOUNT_ROOT", "UIDALLOC_NODE_STATE_DIR")) {
            JsonNode mount = mounts.get(environment.get(variable));
            assertThat(mount).as(variable + " is a bind mount").isNotNull();
            assertThat(mount.path("source").asString()).as(variable).isEqualTo(environment.get(variable));
            assertThat(mount.path("bind").path("propagation").asString())
                    .as(variable)
                    .isEqualTo("rshared");
        }
        JsonNode allowedRoot = mounts.get(environment.get("UIDALLOC_NODE_ALLOWED_ROOT"));
        assertThat(allowedRoot).isNotNull();
        assertThat(allowedRoot.path("source").asString()).isEqualTo(environment.get("UIDALLOC_NODE_ALLOWED_ROOT"));
        String tokenDirectory = environment.get("UIDALLOC_NODE_TOKEN_FILE").replaceFirst("/[^/]+$", "");
        assertThat(mounts.get(tokenDirectory))
                .as("the token file's directory is mounted")
                .isNotNull();
        assertThat(mounts.get(tokenDirectory).path("read_only").asBoolean()).isTrue();
    }
}
