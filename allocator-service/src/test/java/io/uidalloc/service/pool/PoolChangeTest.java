package io.uidalloc.service.pool;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.ServiceInstance;
import io.uidalloc.service.support.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pool changes between two starts of the service while pods hold blocks. */
class PoolChangeTest {

    private static final String ADMIN = IntegrationTest.ADMIN_TOKEN;

    @Test
    void blocksHeldOutsideANewPoolStayValidUntilReleasedAndAreThenRetired() {
        TestDatabase.Coordinates database = TestDatabase.createDatabase();
        Api.Tenant tenant;
        String outside = UUID.randomUUID().toString();
        String inside = UUID.randomUUID().toString();
        try (ServiceInstance before = ServiceInstance.start(database, pool(65536, 65536 * 5))) {
            Api api = before.api();
            tenant = api.createTenant(ADMIN, "moving", 10);
            assertThat(api.post(tenant.allocations(), tenant.token(), allocation(outside))
                            .number("hostIdStart"))
                    .isEqualTo(65536);
            assertThat(api.post(tenant.allocations(), tenant.token(), allocation(inside))
                            .number("hostIdStart"))
                    .isEqualTo(131072);
        }

        try (ServiceInstance after = ServiceInstance.start(database, pool(131072, 65536 * 8))) {
            Api api = after.api();
            Api.Response pool = api.get("/api/v1/pool", ADMIN);
            assertThat(pool.number("blocksInPool")).isEqualTo(6);
            assertThat(pool.body().get("blocks").get("held").asLong()).isEqualTo(2);
            assertThat(api.get(tenant.allocations() + "/" + outside, tenant.token())
                            .text("state"))
                    .isEqualTo("PENDING");

            api.delete(tenant.allocations() + "/" + outside, tenant.token());
            Api.Response released = api.get("/api/v1/pool", ADMIN);
            assertThat(released.body().get("blocks").get("retired").asLong()).isEqualTo(1);
            assertThat(released.body().get("blocks").get("free").asLong()).isEqualTo(5);

            for (int i = 0; i < 5; i++) {
                long start = api.post(
                                tenant.allocations(),
                                tenant.token(),
                                allocation(UUID.randomUUID().toString()))
                        .number("hostIdStart");
                assertThat(start).isBetween(196608L, 65536L * 7);
            }
            Api.Response exhausted = api.post(
                    tenant.allocations(),
                    tenant.token(),
                    allocation(UUID.randomUUID().toString()));
            assertThat(exhausted.status())
                    .as("the retired block is never handed out")
                    .isEqualTo(503);
        }
    }

    @Test
    void invalidPoolStopsTheStartWithWhatToChange() {
        TestDatabase.Coordinates database = TestDatabase.createDatabase();

        assertThatThrownBy(() -> ServiceInstance.start(database, pool(65536, 4294967296L)))
                .rootCause()
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("uidalloc.pool.end must be at most 4294901760");
    }

    private static Map<String, Object> pool(long first, long end) {
        return Map.of("uidalloc.pool.first", first, "uidalloc.pool.end", end);
    }
}
