package io.uidalloc.service.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.Requests;
import io.uidalloc.service.support.ServiceInstance;
import io.uidalloc.service.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@code allocator} readiness check: not ready while the database refuses connections, ready again once it takes
 * them; an exhausted pool keeps the instance ready, so that releases still reach it.
 */
class AllocatorReadinessTest {

    @Test
    void instanceIsNotReadyWhileItsDatabaseRefusesConnectionsButStaysLive() throws Exception {
        TestDatabase.Coordinates database = TestDatabase.createDatabase();
        String name = database.url().substring(database.url().lastIndexOf('/') + 1);
        Map<String, Object> settings = Map.of(
                "uidalloc.pool.first",
                65536L,
                "uidalloc.pool.end",
                131072L,
                "spring.datasource.hikari.connection-timeout",
                1000,
                "spring.datasource.hikari.validation-timeout",
                500);
        try (ServiceInstance instance = ServiceInstance.start(database, settings);
                Connection admin = DriverManager.getConnection(
                        database.url().replace("/" + name, "/postgres"), database.user(), database.password())) {
            Api api = instance.api();
            Api.Tenant tenant = api.createTenant(IntegrationTest.ADMIN_TOKEN, "ready", 5);
            api.post(
                    tenant.allocations(),
                    tenant.token(),
                    Requests.allocation(UUID.randomUUID().toString()));
            Api.TextResponse exhausted = api.getText("/actuator/health/readiness", null);

            refuseConnections(admin, name, true);
            Api.TextResponse cutOff = api.getText("/actuator/health/readiness", null);
            Api.TextResponse live = api.getText("/actuator/health/liveness", null);
            refuseConnections(admin, name, false);
            Api.TextResponse back = api.getText("/actuator/health/readiness", null);

            assertThat(exhausted.status())
                    .as("an exhausted pool keeps the instance ready")
                    .isEqualTo(200);
            assertThat(cutOff.status()).isEqualTo(503);
            assertThat(cutOff.body()).contains("DOWN");
            assertThat(live.status()).isEqualTo(200);
            assertThat(back.status()).isEqualTo(200);
        }
    }

    private static void refuseConnections(Connection admin, String database, boolean refuse) throws Exception {
        try (Statement statement = admin.createStatement()) {
            statement.execute("alter database " + database + " allow_connections " + !refuse);
            if (refuse) {
                statement.execute(
                        "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
            }
        }
    }
}
