package io.uidalloc.service.allocation;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Quarantine and the reuse order, on a pool of three blocks (65536, 131072, 196608) so that the order is visible.
 * Each test gets a fresh application and database.
 */
@TestPropertySource(properties = {"uidalloc.pool.first=65536", "uidalloc.pool.end=262144"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class QuarantineAndReuseTest extends IntegrationTest {

    static final long FIRST = 65536;
    static final long SECOND = 131072;
    static final long THIRD = 196608;

    @Test
    void releasedBlockIsNotReusedByAnotherTenantDuringQuarantine() {
        Api.Tenant a = tenant("a", 3);
        Api.Tenant b = tenant("b", 3);
        String released = allocate(a);
        allocate(a);
        allocate(a);
        api.delete(a.allocations() + "/" + released, a.token());
        Instant releasedAt = clock.instant();

        clock.advance(Duration.ofMinutes(9));
        Api.Response during = api.post(
                b.allocations(), b.token(), allocation(UUID.randomUUID().toString()));
        clock.advance(Duration.ofMinutes(1));
        Api.Response after = api.post(
                b.allocations(), b.token(), allocation(UUID.randomUUID().toString()));

        assertThat(during.status()).isEqualTo(503);
        assertThat(during.text("type")).endsWith("/pool-exhausted");
        assertThat(during.number("freeBlocks")).isZero();
        assertThat(during.number("quarantinedBlocks")).isEqualTo(1);
        assertThat(during.text("nextFreeAt"))
                .isEqualTo(releasedAt.plus(Duration.ofMinutes(10)).toString());
        assertThat(after.status()).isEqualTo(201);
        assertThat(after.number("hostIdStart")).isEqualTo(FIRST);
    }

    @Test
    void tenantPrefersItsOwnReleasedBlockThenANeverHeldOneThenTheLeastRecentlyReleasedOfOthers() {
        Api.Tenant a = tenant("a", 3);
        Api.Tenant b = tenant("b", 3);
        Api.Tenant c = tenant("c", 3);
        String podA = allocate(a); // FIRST
        String podB = allocate(b); // SECOND
        api.delete(a.allocations() + "/" + podA, a.token());
        clock.advance(Duration.ofMinutes(1));
        api.delete(b.allocations() + "/" + podB, b.token());
        clock.advance(Duration.ofMinutes(11));

        long bAgain = startOf(api.post(
                b.allocations(), b.token(), allocation(UUID.randomUUID().toString())));
        long cFirst = startOf(api.post(
                c.allocations(), c.token(), allocation(UUID.randomUUID().toString())));
        long cSecond = startOf(api.post(
                c.allocations(), c.token(), allocation(UUID.randomUUID().toString())));

        assertThat(bAgain).as("own block before a never-held one").isEqualTo(SECOND);
        assertThat(cFirst).as("never-held block before another tenant's").isEqualTo(THIRD);
        assertThat(cSecond)
                .as("another tenant's block once nothing else is left")
                .isEqualTo(FIRST);
    }

    @Test
    void otherTenantsLeastRecentlyReleasedBlockComesFirst() {
        Api.Tenant a = tenant("a", 3);
        Api.Tenant c = tenant("c", 3);
        String first = allocate(a);
        String second = allocate(a);
        String third = allocate(a);
        api.delete(a.allocations() + "/" + third, a.token());
        clock.advance(Duration.ofMinutes(1));
        api.delete(a.allocations() + "/" + first, a.token());
        clock.advance(Duration.ofMinutes(1));
        api.delete(a.allocations() + "/" + second, a.token());
        clock.advance(Duration.ofMinutes(11));

        assertThat(startOf(api.post(
                        c.allocations(), c.token(), allocation(UUID.randomUUID().toString()))))
                .isEqualTo(THIRD);
        assertThat(startOf(api.post(
                        c.allocations(), c.token(), allocation(UUID.randomUUID().toString()))))
                .isEqualTo(FIRST);
    }

    @Test
    void stableKeyGetsItsLastBlockBackEvenDuringQuarantine() {
        Api.Tenant a = tenant("a", 3);
        Map<String, Object> first = allocation(UUID.randomUUID().toString());
        first.put("stableKey", "shop/web-0");
        allocate(a); // FIRST, without a key
        long keyed = startOf(api.post(a.allocations(), a.token(), first)); // SECOND
        api.delete(a.allocations() + "/" + first.get("podUid"), a.token());
        clock.advance(Duration.ofMinutes(2));

        Map<String, Object> rescheduled = allocation(UUID.randomUUID().toString());
        rescheduled.put("stableKey", "shop/web-0");
        Api.Response again = api.post(a.allocations(), a.token(), rescheduled);

        assertThat(keyed).isEqualTo(SECOND);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.number("hostIdStart")).isEqualTo(SECOND);
        assertThat(again.text("stableKey")).isEqualTo("shop/web-0");
    }

    @Test
    void stableKeyOfAnotherTenantDoesNotReachTheBlock() {
        Api.Tenant a = tenant("a", 3);
        Api.Tenant b = tenant("b", 3);
        Map<String, Object> keyed = allocation(UUID.randomUUID().toString());
        keyed.put("stableKey", "shop/web-0");
        long held = startOf(api.post(a.allocations(), a.token(), keyed));
        api.delete(a.allocations() + "/" + keyed.get("podUid"), a.token());

        Map<String, Object> sameKey = allocation(UUID.randomUUID().toString());
        sameKey.put("stableKey", "shop/web-0");
        long other = startOf(api.post(b.allocations(), b.token(), sameKey));

        assertThat(other).isNotEqualTo(held);
    }

    @Test
    void exhaustedPoolWithNothingInQuarantineSaysNothingFreesByItself() {
        Api.Tenant a = tenant("a", 5);
        allocate(a);
        allocate(a);
        allocate(a);

        Api.Response refused = api.post(
                a.allocations(), a.token(), allocation(UUID.randomUUID().toString()));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.number("freeBlocks")).isZero();
        assertThat(refused.number("quarantinedBlocks")).isZero();
        assertThat(refused.text("detail")).contains("3 held", "none frees by itself");
        assertThat(api.get("/api/v1/tenants/" + a.name(), a.token()).number("usedBlocks"))
                .as("the refused allocation took no quota")
                .isEqualTo(3);
    }

    private String allocate(Api.Tenant tenant) {
        String pod = UUID.randomUUID().toString();
        Api.Response response = api.post(tenant.allocations(), tenant.token(), allocation(pod));
        assertThat(response.status())
                .as("allocation for %s: %s", tenant.name(), response.body())
                .isEqualTo(201);
        return pod;
    }

    private static long startOf(Api.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
        return response.number("hostIdStart");
    }
}
