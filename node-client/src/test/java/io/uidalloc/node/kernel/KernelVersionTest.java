package io.uidalloc.node.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KernelVersionTest {

    @Test
    void distributionSuffixIsIgnored() {
        assertThat(KernelVersion.parse("6.18.44-fc-v1252")).isEqualTo(new KernelVersion(6, 18, 44));
        assertThat(KernelVersion.parse("5.15.0-91-generic")).isEqualTo(new KernelVersion(5, 15, 0));
    }

    @Test
    void releaseWithoutPatchLevelHasPatchZero() {
        assertThat(KernelVersion.parse("6.3-rc1")).isEqualTo(new KernelVersion(6, 3, 0));
    }

    @Test
    void versionsCompareNumericallyNotAsText() {
        assertThat(new KernelVersion(6, 18, 0).isAtLeast(new KernelVersion(6, 3, 0)))
                .isTrue();
        assertThat(new KernelVersion(5, 9, 0).isAtLeast(new KernelVersion(5, 12, 0)))
                .isFalse();
    }

    @Test
    void garbageIsRejectedWithTheInput() {
        assertThatThrownBy(() -> KernelVersion.parse("linux"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"linux\"");
    }

    @Test
    void runningKernelComesFromUname() {
        String release = KernelVersion.runningRelease();

        assertThat(release).isNotBlank();
        assertThat(KernelVersion.running()).isEqualTo(KernelVersion.parse(release));
    }
}
