package io.uidalloc.node.kernel;

import static io.uidalloc.node.testing.KernelAssumptions.assumeUserNamespaceTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.uidalloc.node.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creates, pins and removes user namespaces on the real kernel; skips where the machine cannot. */
class UserNamespacesTest {

    private static final long HOST_ID_START = 30 * 65536L;

    @TempDir
    Path dir;

    private Path pin() {
        return dir.toAbsolutePath().resolve("userns");
    }

    @AfterEach
    void unpin() {
        if (Files.exists(pin())) {
            UserNamespaces.unpin(pin());
        }
    }

    @Test
    void pinnedNamespaceOutlivesItsHelperAndCarriesTheMap() {
        assumeUserNamespaceTools();

        new UserNamespaces().createPinned(HOST_ID_START, 65536, pin());

        assertThat(UserNamespaces.isPinned(pin())).isTrue();
        assertThat(ProcessHandle.current().children()).isEmpty();
        String uidMap = Commands.output("nsenter", "--user=" + pin(), "cat", "/proc/self/uid_map");
        String gidMap = Commands.output("nsenter", "--user=" + pin(), "cat", "/proc/self/gid_map");
        assertThat(uidMap).matches("0\\s+" + HOST_ID_START + "\\s+65536");
        assertThat(gidMap).matches("0\\s+" + HOST_ID_START + "\\s+65536");
    }

    @Test
    void unpinRemovesTheMountAndTheFileAndMayBeRepeated() {
        assumeUserNamespaceTools();
        new UserNamespaces().createPinned(HOST_ID_START, 65536, pin());

        UserNamespaces.unpin(pin());
        UserNamespaces.unpin(pin());

        assertThat(UserNamespaces.isPinned(pin())).isFalse();
        assertThat(pin()).doesNotExist();
    }

    @Test
    void pinningOntoAnExistingFileIsRefused() throws Exception {
        assumeUserNamespaceTools();
        Files.writeString(pin(), "something else");

        assertThatThrownBy(() -> new UserNamespaces().createPinned(HOST_ID_START, 65536, pin()))
                .isInstanceOf(UserNamespaceException.class)
                .hasMessageContaining("the file exists");
        assertThat(Files.readString(pin())).isEqualTo("something else");
    }

    @Test
    void helperThatNeverSaysReadyIsKilledAndLeavesNothing() {
        assumeUserNamespaceTools();
        UserNamespaces namespaces = new UserNamespaces(Duration.ofMillis(300), List.of("sh", "-c", "exec sleep 30"));

        assertThatThrownBy(() -> namespaces.createPinned(HOST_ID_START, 65536, pin()))
                .isInstanceOf(UserNamespaceException.class)
                .hasMessageContaining("did not say ready within PT0.3S");

        assertThat(ProcessHandle.current().children()).isEmpty();
        assertThat(pin()).doesNotExist();
    }

    @Test
    void helperThatFailsIsReportedWithItsOutput() {
        assumeUserNamespaceTools();
        UserNamespaces namespaces = new UserNamespaces(
                Duration.ofSeconds(5), List.of("sh", "-c", "echo 'unshare: unshare failed: Operation not permitted'"));

        assertThatThrownBy(() -> namespaces.createPinned(HOST_ID_START, 65536, pin()))
                .isInstanceOf(UserNamespaceException.class)
                .hasMessage("user namespace helper failed: unshare: unshare failed: Operation not permitted");
        assertThat(pin()).doesNotExist();
    }

    @Test
    void mapThatTheKernelRejectsFailsWithoutLeavingTheHelper() {
        assumeUserNamespaceTools();

        // 4294967295 is (uid_t) -1: the kernel refuses a map that reaches it.
        assertThatThrownBy(() -> new UserNamespaces().createPinned(4294967295L - 65535, 65536, pin()))
                .isInstanceOf(UserNamespaceException.class)
                .hasMessageContaining("uid_map");
        assertThat(ProcessHandle.current().children()).isEmpty();
        assertThat(pin()).doesNotExist();
    }
}
