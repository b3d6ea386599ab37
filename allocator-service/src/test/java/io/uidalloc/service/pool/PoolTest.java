package io.uidalloc.service.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoolTest {

    @Test
    void defaultPoolHoldsBlocksOneTo65534() {
        Pool pool = Pool.of(65536, 4294901760L, 65536);

        assertThat(pool.blockCount()).isEqualTo(65534);
        assertThat(pool.blockStarts()).first().isEqualTo(65536L);
        assertThat(pool.blockStarts()).last().isEqualTo(4294836224L);
    }

    @Test
    void blockZeroIsRefusedWhateverTheConfigurationSays() {
        assertThatThrownBy(() -> Pool.of(0, 1 << 20, 65536))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("uidalloc.pool.first must be at least 65536")
                .hasMessageContaining("got 0");
    }

    @Test
    void blockContainingTheInvalidId4294967295IsRefused() {
        assertThatThrownBy(() -> Pool.of(65536, 4294967296L, 65536))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("uidalloc.pool.end must be at most 4294901760")
                .hasMessageContaining("4294967295");
    }

    @Test
    void endsThatOverflow32BitsAreRefusedWithoutWrappingAround() {
        // 2^32 * 2 would wrap to 0 in 32-bit arithmetic; the kubelet once handed out ranges from 0 that way.
        assertThatThrownBy(() -> Pool.of(65536, 8589934592L, 65536))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("got 8589934592");
    }

    @Test
    void misalignedBoundsNameTheNearestValidValues() {
        assertThatThrownBy(() -> Pool.of(100000, 4294901760L, 65536))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("multiple of the block size 65536")
                .hasMessageContaining("65536 and 131072");
        assertThatThrownBy(() -> Pool.of(65536, 1000000, 65536))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("uidalloc.pool.end")
                .hasMessageContaining("983040");
    }

    @Test
    void blockSizeMustBeAMultipleOf65536() {
        assertThatThrownBy(() -> Pool.of(65536, 4294901760L, 1000))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("block-size must be a positive multiple of 65536, got 1000");
        assertThatThrownBy(() -> Pool.of(65536, 4294901760L, 0)).isInstanceOf(InvalidPoolException.class);
    }

    @Test
    void emptyPoolIsRefused() {
        assertThatThrownBy(() -> Pool.of(131072, 131072, 65536))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessageContaining("must be greater than");
    }

    @Test
    void largerBlocksCutThePoolIntoFewerBlocks() {
        Pool pool = Pool.of(131072, 1048576, 131072);

        assertThat(pool.blockCount()).isEqualTo(7);
        assertThat(pool.blockStarts()).containsExactly(131072L, 262144L, 393216L, 524288L, 655360L, 786432L, 917504L);
    }
}
