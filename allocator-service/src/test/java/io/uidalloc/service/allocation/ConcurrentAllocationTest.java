package io.uidalloc.service.allocation;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.ServiceInstance;
import io.uidalloc.service.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two service instances on one database, 16 threads allocating and releasing for tenants with small quotas on a pool
 * smaller than the quotas add up to, with no quarantine so blocks are reused at once. Afterwards, and all along, the
 * invariants hold.
 */
class ConcurrentAllocationTest {

    private static final int THREADS = 16;
    private static final int OPERATIONS = 6000;
    private static final int TENANTS = 6;
    private static final int QUOTA = 4;
    private static final int POOL_BLOCKS = 22;

    @Test
    void twoInstancesNeverHandOutOverlappingBlocksNorExceedAQuota() throws Exception {
        TestDatabase.Coordinates database = TestDatabase.createDatabase();
        Map<String, Object> settings = Map.of(
                "uidalloc.pool.first",
                65536,
                "uidalloc.pool.end",
                65536L * (POOL_BLOCKS + 1),
                "uidalloc.pool.quarantine",
                "0s",
                "spring.datasource.hikari.maximum-pool-size",
                12);
        try (ServiceInstance one = ServiceInstance.start(database, settings);
                ServiceInstance two = ServiceInstance.start(database, settings)) {
            List<Api.Tenant> tenants = new ArrayList<>();
            for (int i = 0; i < TENANTS; i++) {
                tenants.add(one.api().createTenant(IntegrationTest.ADMIN_TOKEN, "busy", QUOTA));
            }
            Outcomes outcomes = new Outcomes();
            AtomicBoolean running = new AtomicBoolean(true);
            List<String> violations = new ArrayList<>();
            Thread watcher = new Thread(() -> watchInvariants(database, running, violations), "invariant-watcher");
            watcher.start();

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            AtomicInteger remaining = new AtomicInteger(OPERATIONS);
            Map<String, Set<String>> held = new ConcurrentHashMap<>();
            tenants.forEach(t -> held.put(t.name(), ConcurrentHashMap.newKeySet()));
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Api api = (i % 2 == 0 ? one : two).api();
                workers.add(pool.submit(() -> work(api, tenants, held, remaining, outcomes)));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            running.set(false);
            watcher.join();

            System.out.printf(
                    "%d allocated, %d released, %d refused for quota, %d refused for an exhausted pool%n",
                    outcomes.allocated.get(),
                    outcomes.released.get(),
                    outcomes.quotaRefusals.get(),
                    outcomes.exhausted.get());
            assertThat(outcomes.unexpected).as("unexpected answers").isEmpty();
            assertThat(outcomes.allocated.get()).as("allocations").isGreaterThan(1000);
            assertThat(outcomes.released.get()).as("releases").isGreaterThan(1000);
            assertThat(outcomes.quotaRefusals.get())
                    .as("quota refusals exercised")
                    .isPositive();
            assertThat(violations).as("invariant violations seen while running").isEmpty();
            assertThat(invariantViolations(database))
                    .as("invariant violations at the end")
                    .isEmpty();
        }
    }

    private static void work(
            Api api,
            List<Api.Tenant> tenants,
            Map<String, Set<String>> held,
            AtomicInteger remaining,
            Outcomes outcomes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (remaining.getAndDecrement() > 0) {
            Api.Tenant tenant = tenants.get(random.nextInt(tenants.size()));
            Set<String> pods = held.get(tenant.name());
            String victim = pods.stream().findAny().orElse(null);
            if (victim != null && random.nextInt(100) < 45 && pods.remove(victim)) {
                Api.Response response = api.delete(tenant.allocations() + "/" + victim, tenant.token());
                outcomes.record(response, 202, "RELEASED");
                continue;
            }
            String pod = UUID.randomUUID().toString();
            Api.Response response = api.post(tenant.allocations(), tenant.token(), allocation(pod));
            if (response.status() == 201) {
                pods.add(pod);
            }
            outcomes.record(response, 201, "PENDING");
        }
    }

    private static void watchInvariants(
            TestDatabase.Coordinates database, AtomicBoolean running, List<String> violations) {
        while (running.get()) {
            List<String> found = invariantViolations(database);
            if (!found.isEmpty()) {
                synchronized (violations) {
                    violations.addAll(found);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Each query returns the rows that break one invariant; all must be empty. */
    private static List<String> invariantViolations(TestDatabase.Coordinates database) {
        Map<String, String> checks = Map.of(
                "held blocks overlap",
                """
                select a.id, b.id from allocation a join allocation b on a.id < b.id
                 and int8range(a.host_id_start, a.host_id_start + a.size)
                     && int8range(b.host_id_start, b.host_id_start + b.size)
                where a.state in ('PENDING', 'ACTIVE', 'RELEASING') and b.state in ('PENDING', 'ACTIVE', 'RELEASING')
                """,
                "quota exceeded",
                """
                select t.name from tenant t
                where t.used_blocks > t.quota_blocks
                   or (select count(*) from allocation a
                       where a.tenant_id = t.id and a.state in ('PENDING', 'ACTIVE', 'RELEASING')) > t.quota_blocks
                """,
                "pod holds two blocks",
                """
                select pod_uid from allocation where state in ('PENDING', 'ACTIVE', 'RELEASING')
                group by pod_uid having count(*) > 1
                """,
                "block and allocation disagree",
                """
                select b.first_host_id from block b
                left join allocation a on a.id = b.held_by
                where (b.held_by is not null and (a.state not in ('PENDING', 'ACTIVE', 'RELEASING')
                                                  or a.host_id_start <> b.first_host_id))
                   or exists (select 1 from allocation h where h.host_id_start = b.first_host_id
                              and h.state in ('PENDING', 'ACTIVE', 'RELEASING')
                              and b.held_by is distinct from h.id)
                """,
                "usage counter drifted",
                """
                select t.name from tenant t
                where t.used_blocks <> (select count(*) from allocation a
                       where a.tenant_id = t.id and a.state in ('PENDING', 'ACTIVE', 'RELEASING'))
                """);
        List<String> violations = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement statement = connection.createStatement()) {
            // One snapshot for all checks, so a check never sees half of a concurrent transaction's work.
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            for (Map.Entry<String, String> check : checks.entrySet()) {
                try (ResultSet rows = statement.executeQuery(check.getValue())) {
                    while (rows.next()) {
                        violations.add(check.getKey() + ": " + rows.getString(1));
                    }
                }
            }
            long blocks = count(statement, "select count(*) from block");
            if (blocks != POOL_BLOCKS) {
                violations.add("pool has " + blocks + " blocks instead of " + POOL_BLOCKS);
            }
            connection.rollback();
        } catch (SQLException e) {
            violations.add("invariant query failed: " + e.getMessage());
        }
        return violations;
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** What the workers saw; anything but the expected answers and the documented refusals is unexpected. */
    private static final class Outcomes {

        final AtomicInteger allocated = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
        final AtomicInteger quotaRefusals = new AtomicInteger();
        final AtomicInteger exhausted = new AtomicInteger();
        final List<String> unexpected = new ArrayList<>();

        void record(Api.Response response, int expectedStatus, String expectedState) {
            if (response.status() == expectedStatus && expectedState.equals(response.text("state"))) {
                (expectedStatus == 201 ? allocated : released).incrementAndGet();
            } else if (response.status() == 409 && response.text("type").endsWith("/quota-exceeded")) {
                quotaRefusals.incrementAndGet();
            } else if (response.status() == 503 && response.text("type").endsWith("/pool-exhausted")) {
                exhausted.incrementAndGet();
            } else {
                synchronized (unexpected) {
                    unexpected.add(response.status() + " " + response.body());
                }
            }
        }
    }
}
