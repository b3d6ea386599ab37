package io.uidalloc.service.outbox;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.AssignmentType;
import io.uidalloc.service.allocation.AllocationRequest;
import io.uidalloc.service.allocation.AllocationService;
import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.EventsIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Every committed change reaches Kafka once, in per-node sequence order; nothing rolled back ever does. */
class OutboxDeliveryTest extends EventsIntegrationTest {

    @Autowired
    AllocationService allocations;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    OutboxRelay relay;

    @Test
    void committedChangesArriveOnceInSequenceOrderAndRolledBackOnesNever() throws Exception {
        Api.Tenant tenant = tenant("outbox", 100);
        List<String> nodes = List.of(node("a"), node("b"), node("c"));
        Set<String> committed = Collections.synchronizedSet(new HashSet<>());
        Set<String> rolledBack = Collections.synchronizedSet(new HashSet<>());

        ExecutorService workers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String node = nodes.get(i % nodes.size());
            boolean rollBack = i % 5 == 0;
            done.add(workers.submit(() -> {
                String pod = UUID.randomUUID().toString();
                if (rollBack) {
                    allocateAndRollBack(tenant, pod, node);
                    rolledBack.add(pod);
                } else {
                    Map<String, Object> request = allocation(pod);
                    request.put("node", node);
                    assertThat(api.post(tenant.allocations(), tenant.token(), request)
                                    .status())
                            .isEqualTo(201);
                    committed.add(pod);
                    assertThat(api.delete(tenant.allocations() + "/" + pod, tenant.token())
                                    .status())
                            .isEqualTo(202);
                }
            }));
        }
        for (Future<?> future : done) {
            future.get(2, TimeUnit.MINUTES);
        }
        workers.shutdown();

        List<AssignmentEvent> all = new ArrayList<>();
        for (String node : nodes) {
            List<AssignmentEvent> events = eventsFor(node, 2 * 16, Duration.ofSeconds(60));
            assertThat(events).as("events of %s", node).isNotEmpty();
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).sequence())
                        .as("sequence of event %d of %s: %s", i, node, sequences(events))
                        .isEqualTo(i + 1);
            }
            all.addAll(events);
        }
        assertThat(all.stream().map(AssignmentEvent::eventId).distinct()).hasSize(all.size());
        assertThat(all.stream()
                        .filter(e -> e.type() == AssignmentType.ASSIGNED)
                        .map(e -> e.podUid().toString()))
                .containsExactlyInAnyOrderElementsOf(committed);
        assertThat(all.stream()
                        .filter(e -> e.type() == AssignmentType.REVOKED)
                        .map(e -> e.podUid().toString()))
                .containsExactlyInAnyOrderElementsOf(committed);
        assertThat(all).noneMatch(e -> rolledBack.contains(e.podUid().toString()));
    }

    @Test
    void eventCarriesTheAllocationAsTheNodeNeedsIt() {
        Api.Tenant tenant = tenant("event-shape", 1);
        String node = node("shape");
        String pod = UUID.randomUUID().toString();
        Map<String, Object> request = allocation(pod);
        request.put("node", node);
        Api.Response allocated = api.post(tenant.allocations(), tenant.token(), request);

        AssignmentEvent event = eventsFor(node, 1, Duration.ofSeconds(30)).get(0);

        assertThat(event.type()).isEqualTo(AssignmentType.ASSIGNED);
        assertThat(event.schemaVersion()).isEqualTo(AssignmentEvent.SCHEMA_VERSION);
        assertThat(event.tenant()).isEqualTo(tenant.name());
        assertThat(event.podUid()).hasToString(pod);
        assertThat(event.namespace()).isEqualTo("shop");
        assertThat(event.podName()).isEqualTo("web-0");
        assertThat(event.hostIdStart()).isEqualTo(allocated.number("hostIdStart"));
        assertThat(event.block()).isEqualTo(allocated.number("block"));
        assertThat(event.size()).isEqualTo(65536);
        assertThat(event.uidMappings()).singleElement().satisfies(m -> {
            assertThat(m.containerId()).isZero();
            assertThat(m.hostId()).isEqualTo(event.hostIdStart());
        });
        assertThat(event.gidMappings()).isEqualTo(event.uidMappings());
        assertThat(event.volumes())
                .singleElement()
                .satisfies(v -> assertThat(v.hostPath()).isEqualTo("/srv/data"));
        assertThat(event.signature()).startsWith("ed25519:");
    }

    @Test
    void relayThatRestartsTakesItsLeadershipBack() {
        relay.stop();
        relay.start();
        await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);
        Api.Tenant tenant = tenant("restart", 1);
        String node = node("restart");
        Map<String, Object> request = allocation(UUID.randomUUID().toString());
        request.put("node", node);
        api.post(tenant.allocations(), tenant.token(), request);

        assertThat(eventsFor(node, 1, Duration.ofSeconds(30))).hasSize(1);
    }

    private void allocateAndRollBack(Api.Tenant tenant, String pod, String node) {
        transaction.executeWithoutResult(status -> {
            allocations.allocate(
                    tenant.name(),
                    new AllocationRequest(pod, "shop", "web-0", node, false, false, false, List.of(), null));
            status.setRollbackOnly();
        });
    }

    static String node(String prefix) {
        return "node-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
