package io.uidalloc.service.allocation;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AllocationApiTest extends IntegrationTest {

    @Test
    void allocationReturnsABlockWithCriMapsForUidsAndGids() {
        Api.Tenant tenant = tenant("maps", 5);
        String pod = UUID.randomUUID().toString();

        Api.Response response = api.post(tenant.allocations(), tenant.token(), allocation(pod));

        assertThat(response.status()).isEqualTo(201);
        long start = response.number("hostIdStart");
        assertThat(start % 65536).isZero();
        assertThat(start).isBetween(65536L, 4294901760L - 65536);
        assertThat(response.number("block")).isEqualTo(start / 65536);
        assertThat(response.number("size")).isEqualTo(65536);
        assertThat(response.text("state")).isEqualTo("PENDING");
        assertThat(response.text("tenant")).isEqualTo(tenant.name());
        assertThat(response.text("podUid")).isEqualTo(pod);
        for (String map : List.of("uidMappings", "gidMappings")) {
            JsonNode mapping = response.body().get(map).get(0);
            assertThat(mapping.get("containerId").asLong()).isZero();
            assertThat(mapping.get("hostId").asLong()).isEqualTo(start);
            assertThat(mapping.get("size").asLong()).isEqualTo(65536);
        }
        assertThat(response.body().get("volumes").get(0).get("hostPath").asString())
                .isEqualTo("/srv/data");
    }

    @Test
    void sameRequestAgainReturnsTheSameAllocationWith200() {
        Api.Tenant tenant = tenant("repeat", 5);
        String pod = UUID.randomUUID().toString();

        Api.Response first = api.post(tenant.allocations(), tenant.token(), allocation(pod));
        Api.Response again = api.post(tenant.allocations(), tenant.token(), allocation(pod));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.number("hostIdStart")).isEqualTo(first.number("hostIdStart"));
        assertThat(api.get("/api/v1/tenants/" + tenant.name(), tenant.token()).number("usedBlocks"))
                .isEqualTo(1);
    }

    @Test
    void differentRequestForAPodThatHoldsABlockIsAConflict() {
        Api.Tenant tenant = tenant("conflict", 5);
        Api.Tenant other = tenant("conflict-other", 5);
        String pod = UUID.randomUUID().toString();
        api.post(tenant.allocations(), tenant.token(), allocation(pod));

        Map<String, Object> elsewhere = allocation(pod);
        elsewhere.put("node", "node-b");
        Api.Response moved = api.post(tenant.allocations(), tenant.token(), elsewhere);
        Api.Response stolen = api.post(other.allocations(), other.token(), allocation(pod));

        assertThat(moved.status()).isEqualTo(409);
        assertThat(moved.text("type")).endsWith("/pod-uid-in-use");
        assertThat(stolen.status()).isEqualTo(409);
    }

    @Test
    void quotaExceededIsAConflictWithQuotaAndUsage() {
        Api.Tenant tenant = tenant("quota", 2);
        api.post(
                tenant.allocations(),
                tenant.token(),
                allocation(UUID.randomUUID().toString()));
        api.post(
                tenant.allocations(),
                tenant.token(),
                allocation(UUID.randomUUID().toString()));

        Api.Response refused = api.post(
                tenant.allocations(),
                tenant.token(),
                allocation(UUID.randomUUID().toString()));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("type")).endsWith("/quota-exceeded");
        assertThat(refused.text("detail")).contains("holds 2 blocks of its quota of 2");
        assertThat(refused.number("quotaBlocks")).isEqualTo(2);
        assertThat(refused.number("usedBlocks")).isEqualTo(2);
    }

    @Test
    void releaseAnswers202WithTheNewStateAndReturnsTheQuota() {
        Api.Tenant tenant = tenant("release", 1);
        String pod = UUID.randomUUID().toString();
        api.post(tenant.allocations(), tenant.token(), allocation(pod));

        Api.Response released = api.delete(tenant.allocations() + "/" + pod, tenant.token());
        Api.Response again = api.delete(tenant.allocations() + "/" + pod, tenant.token());
        Api.Response next = api.post(
                tenant.allocations(),
                tenant.token(),
                allocation(UUID.randomUUID().toString()));

        assertThat(released.status()).isEqualTo(202);
        assertThat(released.text("state")).isEqualTo("RELEASED");
        assertThat(released.text("releasedAt")).isNotNull();
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.text("state")).isEqualTo("RELEASED");
        assertThat(next.status()).isEqualTo(201);
    }

    @Test
    void unknownAllocationIs404() {
        Api.Tenant tenant = tenant("unknown", 1);
        String pod = UUID.randomUUID().toString();

        assertThat(api.get(tenant.allocations() + "/" + pod, tenant.token()).status())
                .isEqualTo(404);
        Api.Response release = api.delete(tenant.allocations() + "/" + pod, tenant.token());
        assertThat(release.status()).isEqualTo(404);
        assertThat(release.text("type")).endsWith("/not-found");
    }

    @Test
    void listPagesFromZeroAndFiltersByNodeAndState() {
        Api.Tenant tenant = tenant("list", 10);
        for (int i = 0; i < 3; i++) {
            api.post(
                    tenant.allocations(),
                    tenant.token(),
                    allocation(UUID.randomUUID().toString()));
        }
        Map<String, Object> onB = allocation(UUID.randomUUID().toString());
        onB.put("node", "node-b");
        String released = (String) onB.get("podUid");
        api.post(tenant.allocations(), tenant.token(), onB);
        api.delete(tenant.allocations() + "/" + released, tenant.token());

        Api.Response firstPage = api.get(tenant.allocations() + "?page=0&size=2", tenant.token());
        Api.Response secondPage = api.get(tenant.allocations() + "?page=1&size=2", tenant.token());
        Api.Response onNodeB = api.get(tenant.allocations() + "?node=node-b", tenant.token());
        Api.Response pending = api.get(tenant.allocations() + "?state=pending", tenant.token());
        Api.Response badState = api.get(tenant.allocations() + "?state=lost", tenant.token());

        assertThat(firstPage.body().get("items")).hasSize(2);
        assertThat(firstPage.number("totalItems")).isEqualTo(4);
        assertThat(firstPage.number("page")).isZero();
        assertThat(secondPage.body().get("items")).hasSize(2);
        assertThat(onNodeB.body().get("items")).hasSize(1);
        assertThat(onNodeB.body().get("items").get(0).get("state").asString()).isEqualTo("RELEASED");
        assertThat(pending.number("totalItems")).isEqualTo(3);
        assertThat(badState.status()).isEqualTo(400);
    }

    @Test
    void historyKeepsEveryStateChange() {
        Api.Tenant tenant = tenant("history", 1);
        String pod = UUID.randomUUID().toString();
        api.post(tenant.allocations(), tenant.token(), allocation(pod));
        clock.advance(Duration.ofMinutes(3));
        api.delete(tenant.allocations() + "/" + pod, tenant.token());

        Api.Response history = api.get(tenant.allocations() + "/" + pod + "/history", tenant.token());

        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().findValuesAsString("state")).containsExactly("PENDING", "RELEASED");
    }

    @Test
    void holdersQueryAnswersWhoHeldAHostIdAtAGivenTime() {
        Api.Tenant tenant = tenant("holders", 1);
        String pod = UUID.randomUUID().toString();
        Api.Response allocated = api.post(tenant.allocations(), tenant.token(), allocation(pod));
        long someHostId = allocated.number("hostIdStart") + 1234;
        String duringHold = clock.instant().plusSeconds(30).toString();
        clock.advance(Duration.ofMinutes(1));
        api.delete(tenant.allocations() + "/" + pod, tenant.token());
        String afterRelease = clock.instant().plusSeconds(30).toString();
        clock.advance(Duration.ofMinutes(1));

        Api.Response then = api.get("/api/v1/host-ids/" + someHostId + "/holders?at=" + duringHold, ADMIN_TOKEN);
        Api.Response later = api.get("/api/v1/host-ids/" + someHostId + "/holders?at=" + afterRelease, ADMIN_TOKEN);
        Api.Response ever = api.get("/api/v1/host-ids/" + someHostId + "/holders", ADMIN_TOKEN);
        Api.Response asTenant = api.get("/api/v1/host-ids/" + someHostId + "/holders", tenant.token());
        Api.Response badTime = api.get("/api/v1/host-ids/" + someHostId + "/holders?at=yesterday", ADMIN_TOKEN);

        assertThat(then.body().get("holders")).hasSize(1);
        assertThat(then.body().get("holders").get(0).get("podUid").asString()).isEqualTo(pod);
        assertThat(then.body().get("holders").get(0).get("tenant").asString()).isEqualTo(tenant.name());
        assertThat(later.body().get("holders")).isEmpty();
        assertThat(ever.body().findValuesAsString("podUid")).contains(pod);
        assertThat(asTenant.status()).isEqualTo(403);
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.body().get("errors").get(0).get("field").asString()).isEqualTo("at");
    }
}
