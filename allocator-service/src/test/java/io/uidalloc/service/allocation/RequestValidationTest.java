package io.uidalloc.service.allocation;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every client mistake is a 4xx problem that names the field and the value, and nothing is allocated. */
class RequestValidationTest extends IntegrationTest {

    @Test
    void malformedJsonIsA400Problem() {
        Api.Tenant tenant = tenant("malformed", 1);

        Api.Response response = api.postRaw(tenant.allocations(), tenant.token(), "{\"podUid\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("type")).endsWith("/malformed-request");
        assertThatNothingIsHeld(tenant);
    }

    @Test
    void podUidThatIsNotAUuidIsNamedWithItsValue() {
        Api.Tenant tenant = tenant("bad-uid", 1);
        Map<String, Object> request = allocation("abc");

        Api.Response response = api.post(tenant.allocations(), tenant.token(), request);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("type")).endsWith("/invalid-request");
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("podUid");
        assertThat(response.body().get("errors").get(0).get("message").asString())
                .contains("\"abc\"");
        assertThatNothingIsHeld(tenant);
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        Api.Tenant tenant = tenant("many-bad", 1);
        Map<String, Object> request = allocation(UUID.randomUUID().toString());
        request.put("namespace", "Not_A_Label");
        request.put("podName", "");
        request.put(
                "volumes",
                List.of(
                        Map.of("name", "data", "hostPath", "relative/path", "containerPath", "/data"),
                        Map.of("name", "data", "hostPath", "/srv/../etc", "containerPath", "/etc")));

        Api.Response response = api.post(tenant.allocations(), tenant.token(), request);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder(
                        "namespace", "podName", "volumes[0].hostPath", "volumes[1].hostPath", "volumes[1].name");
        assertThat(response.body().toString()).contains("Not_A_Label", "relative/path", "'..'", "duplicates");
        assertThatNothingIsHeld(tenant);
    }

    @Test
    void missingBodyIsA400() {
        Api.Tenant tenant = tenant("no-body", 1);

        Api.Response response = api.postRaw(tenant.allocations(), tenant.token(), "");

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void sharingAHostNamespaceIsA422NamingTheField() {
        Api.Tenant tenant = tenant("host-ns", 3);
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            Map<String, Object> request = allocation(UUID.randomUUID().toString());
            request.put(field, true);

            Api.Response response = api.post(tenant.allocations(), tenant.token(), request);

            assertThat(response.status()).as(field).isEqualTo(422);
            assertThat(response.text("detail")).contains(field);
            assertThat(response.body().get("errors").get(0).get("field").asString())
                    .isEqualTo(field);
        }
        assertThatNothingIsHeld(tenant);
    }

    @Test
    void podUidInThePathThatIsNotAUuidIsA400NotA500() {
        Api.Tenant tenant = tenant("path-uid", 1);

        Api.Response response = api.get(tenant.allocations() + "/not-a-uuid", tenant.token());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("podUid");
    }

    @Test
    void pagingOutOfRangeIsA400() {
        Api.Tenant tenant = tenant("paging", 1);

        assertThat(api.get(tenant.allocations() + "?page=-1", tenant.token()).status())
                .isEqualTo(400);
        assertThat(api.get(tenant.allocations() + "?size=0", tenant.token()).status())
                .isEqualTo(400);
        assertThat(api.get(tenant.allocations() + "?size=ten", tenant.token()).status())
                .isEqualTo(400);
    }

    private void assertThatNothingIsHeld(Api.Tenant tenant) {
        assertThat(api.get("/api/v1/tenants/" + tenant.name(), tenant.token()).number("usedBlocks"))
                .isZero();
    }
}
