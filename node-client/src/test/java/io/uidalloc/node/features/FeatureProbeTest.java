package io.uidalloc.node.features;

import static io.uidalloc.node.testing.KernelAssumptions.assumeIdmapOn;
import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.node.kernel.FileSystemType;
import io.uidalloc.node.kernel.KernelVersion;
import io.uidalloc.node.kernel.UserNamespaces;
import io.uidalloc.node.testing.ScratchMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FeatureProbeTest {

    @TempDir
    Path scratchParent;

    @Test
    void probeReportsUserNamespacesAndIdmappedMountsAsWorkingAndLeavesNothingBehind() throws IOException {
        assumeIdmapOn(FileSystemType.TMPFS);
        ScratchMounts mounts = new ScratchMounts(scratchParent);

        Features features = new FeatureProbe(scratchParent, new UserNamespaces()).probe();

        assertThat(features.capSysAdmin()).isTrue();
        assertThat(features.kernelVersion()).isEqualTo(KernelVersion.running());
        assertThat(features.userNamespaces().enabled()).isTrue();
        assertThat(features.idmappedMounts().enabled())
                .as(features.idmappedMounts().detail())
                .isTrue();
        assertThat(mounts.mountPoints()).isEmpty();
        try (Stream<Path> left = Files.list(scratchParent)) {
            assertThat(left).isEmpty();
        }
        assertThat(ProcessHandle.current().children()).isEmpty();
    }

    @Test
    void reportListsEveryFilesystemWithItsVersionAndTheProbesThatRan() {
        assumeIdmapOn(FileSystemType.TMPFS);

        JsonNode report = JsonMapper.builder()
                .build()
                .readTree(new FeatureProbe(scratchParent, new UserNamespaces())
                        .probe()
                        .toJson());

        assertThat(report.path("kernel").path("release").asString()).isEqualTo(KernelVersion.runningRelease());
        assertThat(report.path("capabilities").path("CAP_SYS_ADMIN").asBoolean())
                .isTrue();
        assertThat(report.path("userNamespaces").path("enabled").asBoolean()).isTrue();
        assertThat(report.path("idmappedMounts").path("enabled").asBoolean()).isTrue();
        JsonNode filesystems = report.path("filesystems");
        assertThat(filesystems.path("tmpfs").path("idmapSince").asString()).isEqualTo("6.3");
        assertThat(filesystems.path("tmpfs").path("probe").path("enabled").asBoolean())
                .isTrue();
        assertThat(filesystems.path("nfs").path("idmapSince").isNull()).isTrue();
        assertThat(filesystems.path("nfs").path("supportedByKernel").asBoolean())
                .isFalse();
        assertThat(filesystems.path("nfs").path("probe").isNull()).isTrue();
        // Every Linux machine has /proc mounted: its probe must run and be refused by the kernel.
        assertThat(filesystems.path("proc").path("probe").path("enabled").asBoolean())
                .isFalse();
        assertThat(filesystems.path("proc").path("probe").path("detail").asString())
                .contains("EINVAL");
    }
}
