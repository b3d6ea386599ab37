package io.uidalloc.service.outbox;

import static io.uidalloc.service.support.Requests.allocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.EventsIntegrationTest;
import io.uidalloc.service.support.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The broker goes down: allocations go on, the outbox backs up, and everything arrives in order once it is back. */
@ExtendWith(OutputCaptureExtension.class)
class BrokerOutageTest extends EventsIntegrationTest {

    @Autowired
    OutboxRelay relay;

    @Autowired
    OutboxStatistics statistics;

    @Test
    void eventsWrittenDuringAnOutageArriveInOrderWhenTheBrokerIsBack(CapturedOutput output) {
        Api.Tenant tenant = tenant("outage", 20);
        String node = "node-outage-" + UUID.randomUUID().toString().substring(0, 8);
        allocateOn(tenant, node);
        await().atMost(Duration.ofSeconds(30)).until(() -> statistics.backlog().events() == 0);

        KafkaBroker broker = KafkaBroker.shared();
        broker.stop();
        List<String> pods = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                pods.add(allocateOn(tenant, node));
            }
            assertThat(api.delete(tenant.allocations() + "/" + pods.get(0), tenant.token())
                            .status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.outageSince() != null);
            assertThat(statistics.backlog().events()).isEqualTo(6);
            assertThat(statistics.backlog().oldestAt()).isNotNull();
        } finally {
            broker.start();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> statistics.backlog().events() == 0);
        List<AssignmentEvent> events = eventsFor(node, 7, Duration.ofSeconds(30));

        assertThat(events).extracting(AssignmentEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(events.subList(1, 6)).extracting(e -> e.podUid().toString()).containsExactlyElementsOf(pods);
        assertThat(relay.outageSince()).isNull();
        assertThat(count(output.getOut(), "Cannot publish events to Kafka"))
                .as("the outage is logged once")
                .isOne();
        assertThat(output.getOut()).contains("is reachable again");
    }

    private String allocateOn(Api.Tenant tenant, String node) {
        String pod = UUID.randomUUID().toString();
        Map<String, Object> request = allocation(pod);
        request.put("node", node);
        assertThat(api.post(tenant.allocations(), tenant.token(), request).status())
                .isEqualTo(201);
        return pod;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
