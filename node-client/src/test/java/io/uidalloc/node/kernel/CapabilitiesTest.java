package io.uidalloc.node.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void fullRootMaskHoldsCapSysAdmin() {
        assertThat(Capabilities.hasCapability(List.of("Name:\tjava", "CapEff:\t000001fffeffffff"), 21))
                .isTrue();
    }

    @Test
    void maskWithoutBit21LacksCapSysAdmin() {
        assertThat(Capabilities.hasCapability(List.of("CapEff:\t00000000001fffff"), 21))
                .isFalse();
        assertThat(Capabilities.hasCapability(List.of("CapEff:\t0000000000200000"), 21))
                .isTrue();
    }
}
