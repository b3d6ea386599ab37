package io.uidalloc.node.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.uidalloc.node.IdRange;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtime-spec fragment against the OCI runtime-spec 1.2 JSON schema (draft-04, copied into
 * {@code src/test/resources/oci/} from the specification).
 *
 * <p>The whole-config schema {@code config-schema.json} requires only {@code ociVersion}, so the fragment is validated
 * as a complete {@code config.json}; {@code linux} and every mount are checked through it against
 * {@code config-linux.json} and {@code defs.json#/definitions/Mount}. Draft-04 schemas here do not forbid unknown
 * properties, so a misspelt field name would pass the schema: the field names are therefore asserted as well, and a
 * deliberately broken fragment proves the validator really checks values.
 */
class RuntimeSpecFragmentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static final Schema CONFIG = SCHEMAS.getSchema(SchemaLocation.of("classpath:oci/config-schema.json"));
    private static final Schema MOUNT =
            SCHEMAS.getSchema(SchemaLocation.of("classpath:oci/defs.json#/definitions/Mount"));

    private static final UUID POD = UUID.fromString("6f1c2b1e-3d4a-4c5b-8e9f-0a1b2c3d4e5f");
    private static final long HOST_ID = 4178444288L;
    private static final Path USERNS = Path.of("/var/lib/uidalloc/pods/" + POD + "/userns");

    private final PodAssignment pod = new PodAssignment(
            POD,
            HOST_ID,
            65536,
            List.of(
                    new PodVolume("data", Path.of("/srv/volumes/data"), "/var/lib/data", false),
                    new PodVolume("config", Path.of("/srv/volumes/config"), "/etc/app", true)));

    private String fragment() {
        return RuntimeSpecFragment.toJson(pod, USERNS, Map.of("data", Path.of("/srv/real/data")));
    }

    @Test
    void fragmentIsAValidRuntimeSpecConfig() {
        List<Error> errors = CONFIG.validate(fragment(), InputFormat.JSON);

        assertThat(errors).isEmpty();
    }

    @Test
    void everyMountIsAValidRuntimeSpecMount() {
        for (JsonNode mount : JSON.readTree(fragment()).path("mounts")) {
            assertThat(MOUNT.validate(mount)).as(mount.toString()).isEmpty();
        }
    }

    @Test
    void fragmentWithAHostIdBeyondUint32IsRejectedByTheSchema() {
        ObjectNode broken = (ObjectNode) JSON.readTree(fragment());
        ((ObjectNode) broken.path("linux").path("uidMappings").path(0)).put("hostID", 4294967296L);

        assertThat(CONFIG.validate(broken)).isNotEmpty();
    }

    @Test
    void namespaceIsJoinedByThePathItIsPinnedOn() {
        JsonNode linux = JSON.readTree(fragment()).path("linux");

        assertThat(JSON.readTree(fragment()).path("ociVersion").asString()).isEqualTo("1.2.0");
        assertThat(linux.path("namespaces").toString()).isEqualTo("[{\"type\":\"user\",\"path\":\"" + USERNS + "\"}]");
        assertThat(linux.path("uidMappings").toString())
                .isEqualTo("[{\"containerID\":0,\"hostID\":" + HOST_ID + ",\"size\":65536}]");
        assertThat(linux.path("gidMappings")).isEqualTo(linux.path("uidMappings"));
    }

    @Test
    void mountsNameTheResolvedHostPathAsSourceWithIdmapOptionsAndThePodsMaps() {
        JsonNode mounts = JSON.readTree(fragment()).path("mounts");

        JsonNode data = mounts.path(0);
        assertThat(data.path("destination").asString()).isEqualTo("/var/lib/data");
        assertThat(data.path("source").asString()).isEqualTo("/srv/real/data");
        assertThat(data.path("type").asString()).isEqualTo("bind");
        assertThat(data.path("options").toString()).isEqualTo("[\"rbind\",\"idmap\"]");
        assertThat(data.path("uidMappings").toString())
                .isEqualTo("[{\"containerID\":0,\"hostID\":" + HOST_ID + ",\"size\":65536}]");
        assertThat(data.path("gidMappings")).isEqualTo(data.path("uidMappings"));
        assertThat(mounts.path(1).path("options").toString()).isEqualTo("[\"rbind\",\"idmap\",\"ro\"]");
    }

    @Test
    void hostRangeIsReadBackFromTheFragment() {
        assertThat(RuntimeSpecFragment.hostRangeOf(fragment())).contains(new IdRange(HOST_ID, 65536));
        assertThat(RuntimeSpecFragment.hostRangeOf("{not json")).isEmpty();
        assertThat(RuntimeSpecFragment.hostRangeOf("{}")).isEmpty();
    }
}
