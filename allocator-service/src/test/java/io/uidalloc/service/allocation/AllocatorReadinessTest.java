package io.uidalloc.service.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.Requests;
import io.uidalloc.service.support.ServiceInstance;
import io.uidalloc.service.support.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code allocator} readiness check on a pool of one block: ready while the block is free, not once it is held. */
class AllocatorReadinessTest {

    @Test
    void instanceIsNotReadyWhileThePoolHasNoFreeBlockButStaysLive() {
        Map<String, Object> oneBlock = Map.of("uidalloc.pool.first", 65536L, "uidalloc.pool.end", 131072L);
        try (ServiceInstance instance = ServiceInstance.start(TestDatabase.createDatabase(), oneBlock)) {
            Api api = instance.api();
            Api.Tenant tenant = api.createTenant(IntegrationTest.ADMIN_TOKEN, "ready", 5);
            int readyBefore = api.getText("/actuator/health/readiness", null).status();

            String pod = UUID.randomUUID().toString();
            api.post(tenant.allocations(), tenant.token(), Requests.allocation(pod));
            Api.TextResponse exhausted = api.getText("/actuator/health/readiness", null);
            Api.TextResponse live = api.getText("/actuator/health/liveness", null);

            assertThat(readyBefore).isEqualTo(200);
            assertThat(exhausted.status()).isEqualTo(503);
            assertThat(exhausted.body()).contains("DOWN");
            assertThat(live.status()).isEqualTo(200);
        }
    }
}
