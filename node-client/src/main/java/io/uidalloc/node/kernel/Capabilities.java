package io.uidalloc.node.kernel;

import static io.uidalloc.node.kernel.internal.KernelConstants.CAP_SYS_ADMIN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The capabilities this process holds, read from the {@code CapEff} line of {@code /proc/self/status}. */
public final class Capabilities {

    private static final Path SELF_STATUS = Path.of("/proc/self/status");

    private Capabilities() {}

    /** Whether the effective set holds CAP_SYS_ADMIN, which every mount call here needs. */
    public static boolean hasSysAdmin() {
        try {
            return hasCapability(Files.readAllLines(SELF_STATUS), CAP_SYS_ADMIN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SELF_STATUS, e);
        }
    }

    /** Whether the {@code CapEff} mask in the given status lines has bit {@code capability} set. */
    static boolean hasCapability(List<String> statusLines, int capability) {
        String mask = statusLines.stream()
                .filter(line -> line.startsWith("CapEff:"))
                .map(line -> line.substring("CapEff:".length()).strip())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no CapEff line in " + SELF_STATUS));
        return (Long.parseUnsignedLong(mask, 16) & (1L << capability)) != 0;
    }
}
