package io.uidalloc.service.outbox;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.SigningKeys;
import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.EventsIntegrationTest;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.KafkaBroker;
import io.uidalloc.service.support.ServiceInstance;
import io.uidalloc.service.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two instances share one database: one relay publishes; when its instance stops, the other takes over. */
class RelayFailoverTest extends EventsIntegrationTest {

    @Test
    void oneRelayPublishesAndTheOtherTakesOverWithoutLossOrReordering() {
        TestDatabase.Coordinates database = TestDatabase.createDatabase();
        Map<String, Object> settings = Map.of(
                "spring.kafka.bootstrap-servers",
                KafkaBroker.shared().bootstrapServers(),
                "uidalloc.events.enabled",
                true,
                "uidalloc.events.relay-poll-interval",
                "200ms",
                "uidalloc.events.generate-signing-key",
                false,
                "uidalloc.events.signing-private-key",
                SigningKeys.encodePrivateKey(SIGNING_KEYS.getPrivate()),
                "uidalloc.events.signing-public-key",
                SigningKeys.encodePublicKey(SIGNING_KEYS.getPublic()));
        String node = "node-failover-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceInstance first = ServiceInstance.start(database, settings);
        try (ServiceInstance second = ServiceInstance.start(database, settings)) {
            OutboxRelay one = first.bean(OutboxRelay.class);
            OutboxRelay two = second.bean(OutboxRelay.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> one.isLeader() || two.isLeader());
            assertThat(one.isLeader() && two.isLeader()).as("two leaders").isFalse();
            ServiceInstance leader = one.isLeader() ? first : second;
            ServiceInstance standby = leader == first ? second : first;
            Api.Tenant tenant = first.api().createTenant(IntegrationTest.ADMIN_TOKEN, "failover", 50);
            for (int i = 0; i < 10; i++) {
                allocateOn((i % 2 == 0 ? first : second).api(), tenant, node);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> standby.bean(OutboxStatistics.class).backlog().events() == 0);

            leader.close();
            OutboxRelay survivor = standby.bean(OutboxRelay.class);
            await().atMost(Duration.ofSeconds(10)).until(survivor::isLeader);
            for (int i = 0; i < 10; i++) {
                allocateOn(standby.api(), tenant, node);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> standby.bean(OutboxStatistics.class).backlog().events() == 0);
        } finally {
            first.close();
        }

        List<AssignmentEvent> events = eventsFor(node, 20, Duration.ofSeconds(30));
        assertThat(events)
                .extracting(AssignmentEvent::sequence)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
    }

    private static void allocateOn(Api api, Api.Tenant tenant, String node) {
        Map<String, Object> request = allocation(UUID.randomUUID().toString());
        request.put("node", node);
        assertThat(api.post(tenant.allocations(), tenant.token(), request).status())
                .isEqualTo(201);
    }
}
