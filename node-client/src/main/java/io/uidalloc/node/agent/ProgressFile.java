package io.uidalloc.node.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code <stateDir>/progress.json}: the last sequence whose effects the node applied <em>and</em> whose reports the
 * broker acknowledged. A restart resyncs anyway; this file only spares the service a second APPLIED report for pods
 * that were already applied and reported before the restart.
 *
 * <p>Written to a temporary file in the same directory, forced to disk, renamed over the old file and the directory
 * forced too, so that after a crash the file holds either the old or the new sequence, never a torn one.
 */
final class ProgressFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The file's content. */
    record Progress(String node, long appliedSequence) {}

    private final Path file;
    private final String node;

    ProgressFile(Path file, String node) {
        this.file = file;
        this.node = node;
    }

    Path path() {
        return file;
    }

    /**
     * The recorded sequence, empty when there is no file yet.
     *
     * @throws ProgressException when the file cannot be read, cannot be parsed or names another node; the agent then
     *     starts as if there were none, since the resync restores the state either way
     */
    OptionalLong read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new ProgressException("cannot read " + file + ": " + e, e);
        }
        Progress progress;
        try {
            progress = JSON.readValue(bytes, Progress.class);
        } catch (JacksonException e) {
            throw new ProgressException("cannot parse " + file + ": " + e.getOriginalMessage(), e);
        }
        if (!node.equals(progress.node())) {
            throw new ProgressException(
                    file + " belongs to node " + progress.node() + ", not " + node + "; was --state-dir shared?", null);
        }
        return OptionalLong.of(progress.appliedSequence());
    }

    /** Durably replaces the recorded sequence. */
    void write(long appliedSequence) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] json = JSON.writeValueAsBytes(new Progress(node, appliedSequence));
        try {
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // The rename itself is only durable once the directory entry is on disk.
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " with sequence " + appliedSequence, e);
        }
    }

    /** The progress file exists but is unusable. */
    static final class ProgressException extends RuntimeException {
        ProgressException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
