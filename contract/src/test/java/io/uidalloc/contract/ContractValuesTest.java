package io.uidalloc.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContractValuesTest {

    @Test
    void mappingPastTheThirtyTwoBitIdSpaceIsRefused() {
        assertThatThrownBy(() -> IdMapping.ofBlock(65535L * 65536, 65537))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32-bit");
    }

    @Test
    void lastBlockOfTheIdSpaceIsAValidMapping() {
        assertThat(IdMapping.ofBlock(65535L * 65536, 65536).hostId()).isEqualTo(4294901760L);
    }

    @Test
    void absentListsOfAnEventBecomeEmptyAndGivenListsCannotBeChangedAfterwards() {
        AssignmentEvent event = TestEvents.assignment().volumes(null).build();

        assertThat(event.volumes()).isEmpty();
        assertThatThrownBy(() -> event.uidMappings().add(IdMapping.ofBlock(0, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventWithoutNodeIsRefused() {
        assertThatThrownBy(() -> TestEvents.assignment().node(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'node'");
    }

    @Test
    void heartbeatKeepsItsFilesystemsSortedAndCopied() {
        Map<String, Boolean> probed = new HashMap<>(Map.of("xfs", true, "ext4", true, "ceph", false));
        Heartbeat heartbeat = new Heartbeat("6.18.0", true, true, probed, null, 0, false);
        probed.put("nfs", false);

        assertThat(heartbeat.idmapSupport().keySet()).containsExactly("ceph", "ext4", "xfs");
        assertThat(heartbeat.heldPods()).isEmpty();
    }

    @Test
    void reportFactoriesFillOnlyTheFieldsOfTheirType() {
        NodeReport failed = TestEvents.failedReport();
        NodeReport heartbeat = TestEvents.heartbeatReport();

        assertThat(failed.type()).isEqualTo(ReportType.FAILED);
        assertThat(failed.sequence()).isEqualTo(8L);
        assertThat(failed.heartbeat()).isNull();
        assertThat(heartbeat.type()).isEqualTo(ReportType.HEARTBEAT);
        assertThat(heartbeat.podUid()).isNull();
        assertThat(heartbeat.sequence()).isNull();
        assertThat(heartbeat.reportId())
                .isNotEqualTo(TestEvents.heartbeatReport().reportId());
    }

    @Test
    void failedReportWithoutReasonIsRefused() {
        assertThatThrownBy(() -> NodeReport.failed("node-a", TestEvents.POD, 3, "", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FAILED")
                .hasMessageContaining("'reason'");
    }

    @Test
    void heartbeatReportWithoutHeartbeatIsRefused() {
        assertThatThrownBy(() -> new NodeReport(
                        UUID.randomUUID(), 1, ReportType.HEARTBEAT, "node-a", null, null, null, Instant.EPOCH, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'heartbeat'");
    }

    @Test
    void appliedReportWithoutSequenceIsRefused() {
        assertThatThrownBy(() -> new NodeReport(
                        UUID.randomUUID(),
                        1,
                        ReportType.APPLIED,
                        "node-a",
                        TestEvents.POD,
                        null,
                        null,
                        Instant.EPOCH,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sequence'");
    }

    @Test
    void resyncAnswerWithAnotherNodesEventIsRefused() {
        List<AssignmentEvent> assignments = List.of(
                TestEvents.assignment().build(),
                TestEvents.assignment().node("node-b").build());

        assertThatThrownBy(() -> new NodeAssignments("node-a", 9, assignments))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("assignments[1]")
                .hasMessageContaining("node-b");
    }

    @Test
    void resyncAnswerWithARevocationIsRefused() {
        List<AssignmentEvent> assignments =
                List.of(TestEvents.assignment().type(AssignmentType.REVOKED).build());

        assertThatThrownBy(() -> new NodeAssignments("node-a", 9, assignments))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REVOKED");
    }
}
