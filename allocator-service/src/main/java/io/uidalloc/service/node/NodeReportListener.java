package io.uidalloc.service.node;

import io.uidalloc.contract.EventCodec;
import io.uidalloc.contract.EventFormatException;
import io.uidalloc.contract.NodeReport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the node clients' reports. All instances share one consumer group, so each report is handled by one of
 * them; offsets are committed after the handling transaction, so a crash redelivers and the report ID deduplicates.
 */
@Component
class NodeReportListener {

    private static final Logger log = LoggerFactory.getLogger(NodeReportListener.class);

    private final NodeReportHandler handler;
    private final EventCodec codec;

    NodeReportListener(NodeReportHandler handler, EventCodec codec) {
        this.handler = handler;
        this.codec = codec;
    }

    @KafkaListener(
            id = "node-reports",
            topics = "${uidalloc.events.reports-topic:uidalloc.node-reports}",
            groupId = "uidalloc-service",
            autoStartup = "${uidalloc.events.enabled:true}")
    void onReport(ConsumerRecord<String, String> record) {
        NodeReport report;
        try {
            report = codec.decode(record.value(), NodeReport.class);
        } catch (EventFormatException | IllegalArgumentException | NullPointerException e) {
            // A report no version of the service can read would block the partition forever; skip it loudly.
            log.warn(
                    "Skipping an unreadable report from node {} at {}-{} offset {}: {}",
                    record.key(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        if (record.key() != null && !record.key().equals(report.node())) {
            log.warn(
                    "Skipping a report keyed by node {} that claims to come from node {}", record.key(), report.node());
            return;
        }
        handler.handle(report);
    }
}
