package io.uidalloc.service.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Asks the {@link OperationsStatus} bean, if the application has one, and turns its absence or its failure into a
 * sentence for the page instead of an error: the rest of the dashboard works without it.
 */
@Component
class OperationsReader {

    private static final Logger log = LoggerFactory.getLogger(OperationsReader.class);

    static final String NOT_PROVIDED = "not available: this build of the service does not report on nodes and events";

    private final ObjectProvider<OperationsStatus> status;
    private final DashboardQueries queries;
    private final Clock clock;

    OperationsReader(ObjectProvider<OperationsStatus> status, DashboardQueries queries, Clock clock) {
        this.status = status;
        this.queries = queries;
        this.clock = clock;
    }

    OperationsView overview() {
        OperationsStatus source = status.getIfAvailable();
        if (source == null) {
            return OperationsView.unavailable(NOT_PROVIDED);
        }
        try {
            OperationsStatus.OutboxSummary outbox = source.outbox();
            Long age = outbox.oldestUnpublishedAt() == null
                    ? null
                    : Math.max(
                            0,
                            Duration.between(outbox.oldestUnpublishedAt(), clock.instant())
                                    .toSeconds());
            return new OperationsView(null, outbox, age, source.nodeSummary());
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    OperationsView.Nodes nodes() {
        OperationsStatus source = status.getIfAvailable();
        if (source == null) {
            return new OperationsView.Nodes(NOT_PROVIDED, List.of(), queries.failedAllocationsByNode());
        }
        try {
            return new OperationsView.Nodes(null, source.nodes(), queries.failedAllocationsByNode());
        } catch (RuntimeException e) {
            return new OperationsView.Nodes(failed(e).unavailable(), List.of(), queries.failedAllocationsByNode());
        }
    }

    private static OperationsView failed(RuntimeException e) {
        // Pages poll every few seconds: one line each time, the stack trace only when asked for.
        log.warn("The dashboard cannot show nodes and events: {}", e.toString());
        log.debug("Reading the operations status failed", e);
        return OperationsView.unavailable("not available: reading the status of nodes and events failed ("
                + e.getMessage() + "); the service log has the details");
    }
}
