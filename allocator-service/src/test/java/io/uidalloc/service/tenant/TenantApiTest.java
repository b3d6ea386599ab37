package io.uidalloc.service.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.Requests;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantApiTest extends IntegrationTest {

    @Test
    void createdTenantGetsItsTokenOnceAndOnlyItsHashIsStored() {
        String name = "team-" + UUID.randomUUID().toString().substring(0, 8);

        Api.Response created = api.post("/api/v1/tenants", ADMIN_TOKEN, Map.of("name", name, "quotaBlocks", 100));
        Api.Response read = api.get("/api/v1/tenants/" + name, ADMIN_TOKEN);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo(name);
        assertThat(created.number("quotaBlocks")).isEqualTo(100);
        assertThat(created.number("usedBlocks")).isZero();
        assertThat(created.text("token")).startsWith("uat_").hasSizeGreaterThan(40);
        assertThat(read.body().has("token")).isFalse();
        assertThat(api.get("/api/v1/tenants/" + name, created.text("token")).status())
                .isEqualTo(200);
    }

    @Test
    void duplicateNameIsAConflict() {
        Api.Tenant tenant = tenant("dup", 1);

        Api.Response again = api.post("/api/v1/tenants", ADMIN_TOKEN, Map.of("name", tenant.name(), "quotaBlocks", 1));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).endsWith("/tenant-exists");
    }

    @Test
    void invalidTenantIsA400NamingTheField() {
        Api.Response badName = api.post("/api/v1/tenants", ADMIN_TOKEN, Map.of("name", "Team A", "quotaBlocks", 1));
        Api.Response badQuota = api.post("/api/v1/tenants", ADMIN_TOKEN, Map.of("name", "team-q", "quotaBlocks", -1));
        Api.Response noQuota = api.post("/api/v1/tenants", ADMIN_TOKEN, Map.of("name", "team-q"));
        Api.Response textQuota =
                api.post("/api/v1/tenants", ADMIN_TOKEN, Map.of("name", "team-q", "quotaBlocks", "many"));

        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(badQuota.status()).isEqualTo(400);
        assertThat(badQuota.body().get("errors").get(0).get("message").asString())
                .contains("-1");
        assertThat(noQuota.status()).isEqualTo(400);
        assertThat(textQuota.status()).isEqualTo(400);
    }

    @Test
    void adminChangesTheQuotaAndLoweringItBelowUsageRefusesOnlyNewAllocations() {
        Api.Tenant tenant = tenant("patch", 2);
        api.post(
                tenant.allocations(),
                tenant.token(),
                Requests.allocation(UUID.randomUUID().toString()));
        api.post(
                tenant.allocations(),
                tenant.token(),
                Requests.allocation(UUID.randomUUID().toString()));

        Api.Response lowered = api.patch("/api/v1/tenants/" + tenant.name(), ADMIN_TOKEN, Map.of("quotaBlocks", 1));
        Api.Response refused = api.post(
                tenant.allocations(),
                tenant.token(),
                Requests.allocation(UUID.randomUUID().toString()));
        Api.Response byTenant = api.patch("/api/v1/tenants/" + tenant.name(), tenant.token(), Map.of("quotaBlocks", 9));

        assertThat(lowered.status()).isEqualTo(200);
        assertThat(lowered.number("quotaBlocks")).isEqualTo(1);
        assertThat(lowered.number("usedBlocks")).isEqualTo(2);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(byTenant.status()).isEqualTo(403);
    }

    @Test
    void tenantTokenReachesOnlyItsOwnTenantAndOthersLookAbsent() {
        Api.Tenant mine = tenant("mine", 1);
        Api.Tenant theirs = tenant("theirs", 1);
        String pod = UUID.randomUUID().toString();
        api.post(theirs.allocations(), theirs.token(), Requests.allocation(pod));

        assertThat(api.get("/api/v1/tenants/" + theirs.name(), mine.token()).status())
                .isEqualTo(404);
        assertThat(api.get(theirs.allocations(), mine.token()).status()).isEqualTo(404);
        assertThat(api.get(theirs.allocations() + "/" + pod, mine.token()).status())
                .isEqualTo(404);
        assertThat(api.delete(theirs.allocations() + "/" + pod, mine.token()).status())
                .isEqualTo(404);
        assertThat(api.post(
                                theirs.allocations(),
                                mine.token(),
                                Requests.allocation(UUID.randomUUID().toString()))
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/tenants", mine.token()).status()).isEqualTo(403);
        assertThat(api.get(theirs.allocations() + "/" + pod, theirs.token()).text("state"))
                .isEqualTo("PENDING");
    }

    @Test
    void missingOrWrongTokenIs401() {
        Api.Tenant tenant = tenant("auth", 1);

        Api.Response missing = api.get(tenant.allocations(), null);
        Api.Response wrong = api.get(tenant.allocations(), "uat_not-a-real-token");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void rotatedTokenReplacesTheOldOne() {
        Api.Tenant tenant = tenant("rotate", 1);

        Api.Response rotated = api.post("/api/v1/tenants/" + tenant.name() + "/token", ADMIN_TOKEN, null);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(api.get(tenant.allocations(), tenant.token()).status()).isEqualTo(401);
        assertThat(api.get(tenant.allocations(), rotated.text("token")).status())
                .isEqualTo(200);
    }

    @Test
    void poolOverviewShowsBlocksByStateAndUsagePerTenant() {
        Api.Tenant tenant = tenant("overview", 3);
        api.post(
                tenant.allocations(),
                tenant.token(),
                Requests.allocation(UUID.randomUUID().toString()));

        Api.Response pool = api.get("/api/v1/pool", ADMIN_TOKEN);

        assertThat(pool.status()).isEqualTo(200);
        assertThat(pool.number("blocksInPool")).isEqualTo(65534);
        assertThat(pool.body().get("blocks").get("held").asLong()).isPositive();
        long total = pool.body().get("blocks").properties().stream()
                .mapToLong(e -> e.getValue().asLong())
                .sum();
        assertThat(total).isEqualTo(65534);
        assertThat(pool.body().get("tenants").toString()).contains("\"name\":\"" + tenant.name() + "\"");
        assertThat(api.get("/api/v1/pool", tenant.token()).status()).isEqualTo(403);
    }
}
