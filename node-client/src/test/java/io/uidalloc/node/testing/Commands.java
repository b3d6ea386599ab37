package io.uidalloc.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the tests check the kernel with. */
public final class Commands {

    private Commands() {}

    /** The result of one command. */
    public record Result(int exitCode, String output) {

        /** The output, or a failure naming the command when it did not exit with 0. */
        public String successfulOutput() {
            if (exitCode != 0) {
                throw new AssertionError("command exited with " + exitCode + ": " + output);
            }
            return output.strip();
        }
    }

    /** Runs {@code command} with standard error merged into the output; fails after 30 seconds. */
    public static Result run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("command did not finish in 30 s: " + List.of(command));
            }
            process.getInputStream().close();
            process.getErrorStream().close();
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + List.of(command), e);
        }
    }

    /** Runs {@code command} and returns its stripped output, failing the test when it exits non-zero. */
    public static String output(String... command) {
        return run(command).successfulOutput();
    }
}
