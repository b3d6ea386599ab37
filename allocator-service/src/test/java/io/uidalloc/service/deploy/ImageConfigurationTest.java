package io.uidalloc.service.deploy;

import static io.uidalloc.service.deploy.ImageConfiguration.count;
import static io.uidalloc.service.deploy.ImageConfiguration.jibConfiguration;
import static io.uidalloc.service.deploy.ImageConfiguration.pom;
import static io.uidalloc.service.deploy.ImageConfiguration.text;
import static io.uidalloc.service.deploy.ImageConfiguration.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.UidallocApplication;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Jib configuration of both images, read from the poms: names, base images, users, ports and flags. Building an
 * image needs the base image from a registry, which these machines cannot reach; docs/deployment.md says how the
 * configuration was checked by building against {@code scratch} instead.
 */
class ImageConfigurationTest {

    private static final Pattern TEMURIN_17_JRE = Pattern.compile("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre-[a-z]+");

    @Test
    void imagesAreNamedAfterTheirModuleAndTaggedWithTheProjectVersion() {
        for (String module : ImageConfiguration.MODULES_WITH_IMAGES) {
            assertThat(text(jibConfiguration(module), "to/image"))
                    .isEqualTo("uidalloc/" + module + ":${project.version}");
        }
    }

    @Test
    void baseImagesArePinnedJava17RuntimesOfTheSameRelease() {
        String service = text(jibConfiguration("allocator-service"), "from/image");
        String node = text(jibConfiguration("node-client"), "from/image");

        assertThat(service).matches(TEMURIN_17_JRE);
        assertThat(node).isEqualTo(service);
    }

    @Test
    void serviceRunsAsAnUnprivilegedUserAndGroup() {
        List<Long> ids = Arrays.stream(text(jibConfiguration("allocator-service"), "container/user")
                        .split(":"))
                .map(Long::parseLong)
                .toList();

        assertThat(ids).hasSize(2).allMatch(id -> id >= 1000);
    }

    @Test
    void nodeClientRunsAsRootBecauseItNeedsCapSysAdmin() {
        assertThat(text(jibConfiguration("node-client"), "container/user")).isEqualTo("0:0");
    }

    @Test
    void serviceImageExposesThePortTheServiceListensOn() {
        JsonNode application = YAMLMapper.builder()
                .build()
                .readTree(DeploymentFiles.read("allocator-service/src/main/resources/application.yml"));
        String port = application
                .path("server")
                .path("port")
                .asString(KnownSettings.load().get("server.port").defaultText());

        assertThat(texts(jibConfiguration("allocator-service"), "container/ports/port"))
                .containsExactly(port);
        assertThat(DeploymentFiles.service("allocator-1")
                        .path("healthcheck")
                        .path("test")
                        .toString())
                .contains("/dev/tcp/127.0.0.1/" + port);
        assertThat(DeploymentFiles.service("allocator-1").path("ports").path(0).asString())
                .endsWith(":" + port);
    }

    @Test
    void mainClassesAreTheApplicationsEntryPoints() {
        String nodeMain = text(jibConfiguration("node-client"), "container/mainClass");

        assertThat(text(jibConfiguration("allocator-service"), "container/mainClass"))
                .isEqualTo(UidallocApplication.class.getName());
        assertThat(DeploymentFiles.file("node-client/src/main/java/" + nodeMain.replace('.', '/') + ".java"))
                .isRegularFile();
        assertThat(text(pom("node-client/pom.xml"), "//transformer/mainClass")).isEqualTo(nodeMain);
    }

    @Test
    void nodeClientRunsWithTheJvmFlagsItsFootprintWasMeasuredWith() {
        String doc = DeploymentFiles.read("docs/node-client.md");
        Matcher command = Pattern.compile("MALLOC_ARENA_MAX=(\\d+) java (.*?)-jar ", Pattern.DOTALL)
                .matcher(doc);
        assertThat(command.find())
                .as("docs/node-client.md shows the run command")
                .isTrue();
        List<String> documented = Arrays.stream(
                        command.group(2).replace("\\\n", " ").split("\\s+"))
                .filter(token -> token.startsWith("-X"))
                .toList();
        Element configuration = jibConfiguration("node-client");

        assertThat(texts(configuration, "container/jvmFlags/jvmFlag")).isEqualTo(documented);
        assertThat(text(configuration, "container/environment/MALLOC_ARENA_MAX"))
                .isEqualTo(command.group(1));
    }

    @Test
    void noBuildRunsJibUnlessTheImagesProfileIsActive() {
        for (String pom : ImageConfiguration.ALL_POMS) {
            assertThat(count(pom(pom), "/project/build//plugin[artifactId='jib-maven-plugin']"))
                    .as(pom)
                    .isZero();
            assertThat(count(pom(pom), "//plugin[artifactId='jib-maven-plugin']/executions"))
                    .as(pom)
                    .isZero();
        }
    }

    @Test
    void imagesProfileSkipsEveryModuleButTheTwoWithAnImage() {
        String parentSkip = text(
                pom("pom.xml"),
                "/project/profiles/profile[id='images']/build/plugins/plugin[artifactId='jib-maven-plugin']"
                        + "/configuration/skip");

        assertThat(parentSkip).isEqualTo("true");
        for (String module : ImageConfiguration.MODULES_WITH_IMAGES) {
            assertThat(text(jibConfiguration(module), "skip")).as(module).isEqualTo("false");
        }
        assertThat(count(pom("db/pom.xml"), "//plugin[artifactId='jib-maven-plugin']"))
                .isZero();
        assertThat(count(pom("contract/pom.xml"), "//plugin[artifactId='jib-maven-plugin']"))
                .isZero();
    }
}
