package io.uidalloc.node.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void idmappedMountWithOptionalFieldsIsParsedFieldByField() {
        MountInfo mount = MountTable.parseLine("912 29 0:61 /volume /srv/mnt/pod/data rw,relatime,idmapped shared:401"
                + " master:3 - tmpfs tmpfs rw,size=16384k,mode=755");

        assertThat(mount.mountId()).isEqualTo(912);
        assertThat(mount.parentId()).isEqualTo(29);
        assertThat(mount.device()).isEqualTo("0:61");
        assertThat(mount.root()).isEqualTo("/volume");
        assertThat(mount.mountPoint()).isEqualTo(Path.of("/srv/mnt/pod/data"));
        assertThat(mount.mountOptions()).containsExactly("rw", "relatime", "idmapped");
        assertThat(mount.optionalFields()).containsExactly("shared:401", "master:3");
        assertThat(mount.fsType()).isEqualTo("tmpfs");
        assertThat(mount.source()).isEqualTo("tmpfs");
        assertThat(mount.superOptions()).containsExactly("rw", "size=16384k", "mode=755");
        assertThat(mount.idmapped()).isTrue();
        assertThat(mount.readOnly()).isFalse();
    }

    @Test
    void mountWithoutOptionalFieldsOrIdmapIsParsed() {
        MountInfo mount = MountTable.parseLine("25 1 8:1 / / ro,relatime - ext4 /dev/sda1 rw,errors=remount-ro");

        assertThat(mount.optionalFields()).isEmpty();
        assertThat(mount.idmapped()).isFalse();
        assertThat(mount.readOnly()).isTrue();
        assertThat(mount.source()).isEqualTo("/dev/sda1");
    }

    @Test
    void octalEscapesInPathsAreDecoded() {
        MountInfo mount =
                MountTable.parseLine("40 25 0:50 /my\\134dir /mnt/with\\040space\\011tab rw - tmpfs my\\040source rw");

        assertThat(mount.root()).isEqualTo("/my\\dir");
        assertThat(mount.mountPoint()).isEqualTo(Path.of("/mnt/with space\ttab"));
        assertThat(mount.source()).isEqualTo("my source");
    }

    @Test
    void backslashNotFollowedByThreeOctalDigitsIsKept() {
        assertThat(MountTable.unescape("a\\08b\\1")).isEqualTo("a\\08b\\1");
    }

    @Test
    void lineWithoutSeparatorIsRejectedWithTheLine() {
        assertThatThrownBy(() -> MountTable.parseLine("25 1 8:1 / / rw ext4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("25 1 8:1 / / rw ext4");
    }

    @Test
    void blankLinesAreSkipped() {
        assertThat(MountTable.parse(List.of("", "25 1 8:1 / / rw - ext4 /dev/sda1 rw", " ")))
                .hasSize(1);
    }

    @Test
    void ownMountTableHasTheRootMount() {
        assertThat(MountTable.read())
                .anySatisfy(mount -> assertThat(mount.mountPoint()).isEqualTo(Path.of("/")));
    }
}
