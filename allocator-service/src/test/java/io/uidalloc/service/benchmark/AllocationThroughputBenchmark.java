package io.uidalloc.service.benchmark;

import static io.uidalloc.service.support.Requests.allocation;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Allocations and releases per second through the whole stack (HTTP, security, validation, PostgreSQL, a signed event
 * in the outbox for every change; the relay off), at several numbers of concurrent clients: all of them for one tenant
 * on one node, the worst case, since a tenant's quota and a node's event sequence each serialise their transactions;
 * and each client with a tenant and a node of its own, as a fleet looks. Prints its figures; asserts nothing about
 * time.
 *
 * <p>Run with {@code ./mvnw -pl db,contract,node-client,allocator-service -am verify -Dgroups=benchmark
 * -Dtest=AllocationThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class AllocationThroughputBenchmark extends IntegrationTest {

    private static final int PAIRS_PER_CLIENT = 400;

    @Test
    void allocateAndReleasePairsPerSecond() throws Exception {
        System.out.println();
        System.out.println("Allocate + release pairs over HTTP, " + PAIRS_PER_CLIENT + " pairs per client:");
        // Warm-up: the JIT compiles the request path before anything is measured.
        run(4, true, true);
        run(4, false, true);
        System.out.println(" one tenant, one node:");
        for (int clients : List.of(1, 4, 16)) {
            run(clients, true, false);
        }
        System.out.println(" a tenant and a node per client:");
        for (int clients : List.of(1, 4, 16)) {
            run(clients, false, false);
        }
        System.out.println();
    }

    private void run(int clients, boolean shared, boolean warmUp) throws Exception {
        Api.Tenant sharedTenant = tenant("throughput", clients);
        List<Api.Tenant> tenants = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tenants.add(shared ? sharedTenant : tenant("throughput", 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Api.Tenant tenant = tenants.get(c);
            String node = shared ? "node-shared" : "node-" + c;
            results.add(pool.submit(() -> pairs(tenant, node)));
        }
        List<Long> allocationMicros = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            allocationMicros.addAll(result.get(10, TimeUnit.MINUTES));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (warmUp) {
            return;
        }
        Collections.sort(allocationMicros);
        System.out.printf(
                "   %2d clients: %6.0f pairs/s; allocation latency median %.1f ms, p99 %.1f ms%n",
                clients,
                clients * PAIRS_PER_CLIENT / seconds,
                allocationMicros.get(allocationMicros.size() / 2) / 1000.0,
                allocationMicros.get((int) (allocationMicros.size() * 0.99)) / 1000.0);
    }

    private List<Long> pairs(Api.Tenant tenant, String node) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < PAIRS_PER_CLIENT; i++) {
            String pod = UUID.randomUUID().toString();
            long before = System.nanoTime();
            Map<String, Object> request = allocation(pod);
            request.put("node", node);
            Api.Response allocated = api.post(tenant.allocations(), tenant.token(), request);
            micros.add(Duration.ofNanos(System.nanoTime() - before).toNanos() / 1000);
            if (allocated.status() != 201) {
                throw new IllegalStateException("allocation answered " + allocated.status() + " " + allocated.body());
            }
            Api.Response released = api.delete(tenant.allocations() + "/" + pod, tenant.token());
            if (released.status() != 202) {
                throw new IllegalStateException("release answered " + released.status() + " " + released.body());
            }
        }
        return micros;
    }
}
