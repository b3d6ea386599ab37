package io.uidalloc.node.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uidalloc.node.IdRange;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetyRulesTest {

    private static final long BLOCK = 65536;
    private static final IdRange POOL = new IdRange(BLOCK, 65534 * BLOCK);
    private static final UUID POD = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-000000000002");

    @TempDir
    Path temp;

    private Path allowed;
    private Path outside;
    private SafetyRules rules;

    @BeforeEach
    void createRoots() throws IOException {
        allowed = Files.createDirectory(temp.resolve("volumes")).toRealPath();
        outside = Files.createDirectory(temp.resolve("elsewhere")).toRealPath();
        Files.createDirectory(allowed.resolve("data"));
        rules = new SafetyRules(POOL, List.of(allowed));
    }

    private static PodAssignment range(long start, long size) {
        return new PodAssignment(POD, start, size, List.of());
    }

    private List<String> volumeRefusals(String name, Path hostPath) {
        return rules.volumeRefusals(new PodVolume(name, hostPath, "/data", false));
    }

    @Test
    void wellFormedPodIsAccepted() {
        PodAssignment pod = new PodAssignment(
                POD, 5 * BLOCK, BLOCK, List.of(new PodVolume("data", allowed.resolve("data"), "/data", false)));

        assertThat(rules.refusals(pod, Map.of(OTHER, new IdRange(6 * BLOCK, BLOCK))))
                .isEmpty();
    }

    @Test
    void rangeTouchingBlockZeroIsRefused() {
        assertThat(rules.rangeRefusals(range(0, BLOCK), Map.of()))
                .containsExactly("host range starts at 0, inside block 0 (0..65535), which holds the host's own users");
        assertThat(rules.rangeRefusals(range(BLOCK - 1, BLOCK), Map.of())).hasSize(1);
    }

    @Test
    void rangeReachingTheInvalidIdIsRefused() {
        assertThat(rules.rangeRefusals(range(65535 * BLOCK, BLOCK), Map.of()))
                .containsExactly("host range 4294901760 + 65536 reaches 4294967295 ((uid_t) -1), which the kernel"
                        + " refuses in an ID map");
    }

    @Test
    void rangeWhoseEndWouldOverflowIsRefusedRatherThanWrapped() {
        assertThat(rules.rangeRefusals(range(Long.MAX_VALUE - 10, BLOCK), Map.of()))
                .singleElement()
                .asString()
                .contains("reaches 4294967295");
    }

    @Test
    void emptyOrNegativeSizeIsRefused() {
        assertThat(rules.rangeRefusals(range(BLOCK, 0), Map.of()))
                .containsExactly("host range size must be at least 1, got 0");
        assertThat(rules.rangeRefusals(range(BLOCK, -BLOCK), Map.of())).hasSize(1);
    }

    @Test
    void rangeOutsideThePoolIsRefused() {
        SafetyRules small = new SafetyRules(new IdRange(10 * BLOCK, 10 * BLOCK), List.of(allowed));

        assertThat(small.rangeRefusals(range(20 * BLOCK, BLOCK), Map.of()))
                .containsExactly("host range [1310720, 1376256) lies outside this node's pool [655360, 1310720)");
        assertThat(small.rangeRefusals(range(9 * BLOCK, BLOCK), Map.of())).hasSize(1);
    }

    @Test
    void unalignedRangeIsRefused() {
        assertThat(rules.rangeRefusals(range(BLOCK + 1000, BLOCK), Map.of()))
                .containsExactly("host range start 66536 is not a multiple of 65536");
    }

    @Test
    void rangeOverlappingAnotherPodOnTheNodeIsRefusedNamingThatPod() {
        assertThat(rules.rangeRefusals(range(5 * BLOCK, 2 * BLOCK), Map.of(OTHER, new IdRange(6 * BLOCK, BLOCK))))
                .containsExactly("host range [327680, 458752) overlaps pod " + OTHER
                        + " on this node, which holds [393216, 458752)");
    }

    @Test
    void podsOwnEarlierRangeDoesNotCountAsAnOverlap() {
        assertThat(rules.rangeRefusals(range(5 * BLOCK, BLOCK), Map.of(POD, new IdRange(5 * BLOCK, BLOCK))))
                .isEmpty();
    }

    @Test
    void relativeHostPathIsRefused() {
        assertThat(volumeRefusals("data", Path.of("volumes/data")))
                .containsExactly("volume data: host path volumes/data is not absolute");
    }

    @Test
    void hostPathWithDotDotIsRefusedEvenWhenItStaysInside() {
        Path sneaky = Path.of(allowed + "/data/../data");

        assertThat(volumeRefusals("data", sneaky))
                .containsExactly("volume data: host path " + sneaky + " contains '..'");
    }

    @Test
    void hostPathOutsideTheAllowedRootsIsRefused() {
        assertThat(volumeRefusals("data", outside))
                .containsExactly(
                        "volume data: host path " + outside + " is outside the allowed roots [" + allowed + "]");
    }

    @Test
    void hostPathThatIsAPrefixOfARootButNotInsideItIsRefused() throws IOException {
        Path lookalike = Files.createDirectory(temp.resolve("volumes-other")).toRealPath();

        assertThat(volumeRefusals("data", lookalike)).singleElement().asString().contains("outside the allowed roots");
    }

    @Test
    void symbolicLinkLeadingOutOfTheRootsIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("escape"), outside);

        assertThat(volumeRefusals("data", link))
                .containsExactly("volume data: host path " + link + " resolves through a symbolic link to " + outside
                        + ", outside the allowed roots [" + allowed + "]");
    }

    @Test
    void symbolicLinkStayingInsideTheRootsIsAccepted() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("alias"), allowed.resolve("data"));

        assertThat(volumeRefusals("data", link)).isEmpty();
    }

    @Test
    void missingHostPathIsRefused() {
        assertThat(volumeRefusals("data", allowed.resolve("missing")))
                .containsExactly("volume data: host path " + allowed.resolve("missing") + " does not exist");
    }

    @Test
    void volumeNamesThatAreNotDnsLabelsAreRefused() {
        for (String name : List.of("", "Data", "../etc", "a/b", "-data", "data-", "a".repeat(64), "da_ta", ".")) {
            assertThat(volumeRefusals(name, allowed.resolve("data")))
                    .as(name)
                    .singleElement()
                    .asString()
                    .startsWith("volume name \"" + name + "\" is not a DNS label");
        }
        assertThat(volumeRefusals("a".repeat(63), allowed.resolve("data"))).isEmpty();
        assertThat(volumeRefusals("cache-1", allowed.resolve("data"))).isEmpty();
    }

    @Test
    void relativeContainerPathIsRefused() {
        assertThat(rules.volumeRefusals(new PodVolume("data", allowed.resolve("data"), "data", false)))
                .containsExactly("volume data: container path data must be absolute without '..'");
        assertThat(rules.volumeRefusals(new PodVolume("data", allowed.resolve("data"), "/a/../etc", false)))
                .hasSize(1);
    }

    @Test
    void duplicateVolumeNamesAndContainerPathsAreRefused() {
        PodVolume volume = new PodVolume("data", allowed.resolve("data"), "/data", false);
        PodAssignment pod = new PodAssignment(POD, 5 * BLOCK, BLOCK, List.of(volume, volume));

        assertThat(rules.refusals(pod, Map.of()))
                .containsExactly("volume name \"data\" is used twice", "container path /data is used by two volumes");
    }

    @Test
    void allowedRootsMustExistAndBeAbsolute() {
        assertThatThrownBy(() -> new SafetyRules(POOL, List.of(Path.of("relative"))))
                .hasMessageContaining("must be absolute, got relative");
        assertThatThrownBy(() -> new SafetyRules(POOL, List.of(temp.resolve("missing"))))
                .hasMessageContaining("must exist");
    }
}
