package io.uidalloc.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.contract.AssignmentEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventOrderTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(3);

    private final EventOrder order = new EventOrder(GAP_TIMEOUT, 0);

    private static AssignmentEvent event(long sequence) {
        return EventBuilder.assigned("node-a", sequence).build();
    }

    @Test
    void nextEventInSequenceIsReadyAtOnce() {
        AssignmentEvent first = event(1);

        assertThat(order.accept(first, T0)).containsExactly(first);
        assertThat(order.last()).isEqualTo(1);
    }

    @Test
    void eventAtOrBelowTheLastSequenceIsADuplicate() {
        order.accept(event(1), T0);
        order.accept(event(2), T0);

        assertThat(order.isDuplicate(event(1))).isTrue();
        assertThat(order.isDuplicate(event(2))).isTrue();
        assertThat(order.isDuplicate(event(3))).isFalse();
        assertThat(order.accept(event(2), T0)).isEmpty();
    }

    @Test
    void eventAfterAGapIsHeldAndReleasedInOrderWhenTheGapFills() {
        AssignmentEvent second = event(2);
        AssignmentEvent third = event(3);
        order.accept(event(1), T0);

        assertThat(order.accept(third, T0)).isEmpty();
        assertThat(order.missing()).contains(2L);
        assertThat(order.accept(second, T0.plusSeconds(1))).containsExactly(second, third);
        assertThat(order.missing()).isEmpty();
        assertThat(order.gapDeadline()).isEmpty();
    }

    @Test
    void gapOutlivesTheTimeoutOnlyOnceTheTimeoutHasPassedSinceItOpened() {
        order.accept(event(2), T0);

        assertThat(order.gapOutlived(T0.plus(GAP_TIMEOUT).minusMillis(1))).isFalse();
        assertThat(order.gapOutlived(T0.plus(GAP_TIMEOUT))).isTrue();
    }

    @Test
    void resyncDropsHeldEventsItCoversAndReleasesTheOnesThatFollowIt() {
        AssignmentEvent fifth = event(5);
        AssignmentEvent seventh = event(7);
        order.accept(event(3), T0);
        order.accept(fifth, T0);
        order.accept(seventh, T0);

        assertThat(order.resetTo(4, T0.plusSeconds(5))).containsExactly(fifth);
        assertThat(order.last()).isEqualTo(5);
        assertThat(order.missing()).contains(6L);
        assertThat(order.gapDeadline()).contains(T0.plusSeconds(5).plus(GAP_TIMEOUT));
    }
}
