package io.uidalloc.service.allocation;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With cross-tenant reuse off, a block once held by one tenant never goes to another, however long it waits. */
@TestPropertySource(
        properties = {"uidalloc.pool.first=65536", "uidalloc.pool.end=196608", "uidalloc.pool.cross-tenant-reuse=false"
        })
class CrossTenantReuseOffTest extends IntegrationTest {

    @Test
    void blockOfAnotherTenantIsNeverHandedOut() {
        Api.Tenant a = tenant("a", 2);
        Api.Tenant b = tenant("b", 2);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        api.post(a.allocations(), a.token(), allocation(first));
        api.post(a.allocations(), a.token(), allocation(second));
        api.delete(a.allocations() + "/" + first, a.token());
        api.delete(a.allocations() + "/" + second, a.token());
        clock.advance(Duration.ofDays(30));

        Api.Response refused = api.post(
                b.allocations(), b.token(), allocation(UUID.randomUUID().toString()));
        Api.Response own = api.post(
                a.allocations(), a.token(), allocation(UUID.randomUUID().toString()));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text("type")).endsWith("/pool-exhausted");
        assertThat(own.status()).isEqualTo(201);
    }
}
