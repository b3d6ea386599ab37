package io.uidalloc.node.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates user namespaces and pins them to files.
 *
 * <p>{@code unshare(CLONE_NEWUSER)} refuses a multithreaded caller with EINVAL, and the JVM always has threads, so a
 * short-lived helper process unshares instead: {@code unshare --user -- sh -c 'echo ready; read -r _'}. Once it says
 * {@code ready} its namespace exists; this class writes the namespace's {@code uid_map} and {@code gid_map} (as root in
 * the parent namespace it may map any range, in one write each), then bind-mounts {@code /proc/PID/ns/user} onto an
 * empty file. That bind mount keeps the namespace alive after the helper is gone, and lets {@code open(2)} and
 * {@code nsenter --user=FILE} reach it later. The helper is killed and reaped on every path, and as a last resort it
 * exits by itself when its standard input closes, which happens when this JVM dies.
 */
public final class UserNamespaces {

    private static final System.Logger LOG = System.getLogger(UserNamespaces.class.getName());
    private static final List<String> HELPER = List.of("unshare", "--user", "--", "sh", "-c", "echo ready; read -r _");
    private static final String READY = "ready";

    private final Duration helperTimeout;
    private final List<String> helperCommand;

    /** Waits up to five seconds for the helper to answer. */
    public UserNamespaces() {
        this(Duration.ofSeconds(5));
    }

    /** Waits up to {@code helperTimeout} for the helper to answer, and as long again for it to exit. */
    public UserNamespaces(Duration helperTimeout) {
        this(helperTimeout, HELPER);
    }

    /** With another helper command, for tests of the failure paths. */
    UserNamespaces(Duration helperTimeout, List<String> helperCommand) {
        this.helperTimeout = helperTimeout;
        this.helperCommand = List.copyOf(helperCommand);
    }

    /**
     * Creates a user namespace mapping IDs {@code 0..size-1} onto {@code hostIdStart..hostIdStart+size-1} (the same for
     * UIDs and GIDs) and pins it to {@code pinFile}, which must not exist yet. On failure nothing is left behind: no
     * helper process, no file, no mount.
     */
    public void createPinned(long hostIdStart, long size, Path pinFile) {
        createEmptyFile(pinFile);
        try {
            runHelper(hostIdStart, size, pinFile);
        } catch (RuntimeException e) {
            deleteQuietly(pinFile, e);
            throw e;
        }
    }

    /** Opens a pinned namespace, for {@code mount_setattr}. */
    public static KernelFd open(Path pinFile) {
        return Descriptors.openReadOnly(pinFile);
    }

    /** Whether a namespace is bind-mounted onto {@code pinFile}. */
    public static boolean isPinned(Path pinFile) {
        Path absolute = pinFile.toAbsolutePath().normalize();
        return MountTable.read().stream().anyMatch(mount -> mount.mountPoint().equals(absolute));
    }

    /**
     * Unmounts every namespace pinned on {@code pinFile} and deletes the file. Doing nothing is fine: an absent file
     * or an unpinned one is not an error.
     */
    public static void unpin(Path pinFile) {
        // A file can carry stacked bind mounts if pinning was ever repeated; detach until none is left.
        while (isPinned(pinFile)) {
            Mounts.detach(pinFile);
        }
        try {
            Files.deleteIfExists(pinFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete pinned namespace file " + pinFile, e);
        }
    }

    private void runHelper(long hostIdStart, long size, Path pinFile) {
        Process helper = startHelper();
        try {
            awaitReady(helper);
            Path proc = Path.of("/proc", Long.toString(helper.pid()));
            String map = "0 " + hostIdStart + " " + size + "\n";
            writeMap(proc.resolve("uid_map"), map);
            writeMap(proc.resolve("gid_map"), map);
            Mounts.bind(proc.resolve("ns/user"), pinFile);
            LOG.log(Level.DEBUG, "pinned user namespace 0 {0} {1} at {2}", hostIdStart, size, pinFile);
        } finally {
            stop(helper);
        }
    }

    private Process startHelper() {
        try {
            return new ProcessBuilder(helperCommand).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UserNamespaceException(
                    "cannot start user namespace helper " + String.join(" ", helperCommand), e);
        }
    }

    private void awaitReady(Process helper) {
        BufferedReader output =
                new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.UTF_8));
        FutureTask<String> firstLine = new FutureTask<>(output::readLine);
        Thread reader = new Thread(firstLine, "userns-helper-" + helper.pid());
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = firstLine.get(helperTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UserNamespaceException(
                    "user namespace helper (pid " + helper.pid() + ") did not say ready within " + helperTimeout, e);
        } catch (ExecutionException e) {
            throw new UserNamespaceException("cannot read from user namespace helper (pid " + helper.pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserNamespaceException("interrupted while waiting for user namespace helper", e);
        }
        if (!READY.equals(line)) {
            // unshare prints its own reason, e.g. "unshare: unshare failed: Operation not permitted".
            throw new UserNamespaceException("user namespace helper failed: " + (line == null ? "no output" : line));
        }
    }

    private static void writeMap(Path mapFile, String map) {
        try {
            // The kernel accepts a map only in a single write(2); writeString issues one for a string this short.
            Files.writeString(mapFile, map, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UserNamespaceException("cannot write \"" + map.strip() + "\" to " + mapFile, e);
        }
    }

    private void stop(Process helper) {
        helper.destroyForcibly();
        try {
            if (!helper.waitFor(helperTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(
                        Level.WARNING,
                        "user namespace helper (pid {0}) survived SIGKILL for {1}; check for a hung process",
                        helper.pid(),
                        helperTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeStreams(helper);
        }
    }

    private static void closeStreams(Process helper) {
        try {
            helper.getOutputStream().close();
            helper.getInputStream().close();
            helper.getErrorStream().close();
        } catch (IOException e) {
            // Closing a pipe to a dead process cannot lose data; the log keeps the odd case visible.
            LOG.log(Level.DEBUG, "closing pipes of user namespace helper failed", e);
        }
    }

    private static void createEmptyFile(Path pinFile) {
        try {
            Files.createFile(pinFile);
        } catch (FileAlreadyExistsException e) {
            throw new UserNamespaceException("cannot pin a user namespace at " + pinFile + ": the file exists", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + pinFile + " to pin a user namespace on", e);
        }
    }

    private static void deleteQuietly(Path file, RuntimeException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
