package io.uidalloc.node.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code /proc/self/mountinfo}. The kernel escapes space, tab, newline and backslash in paths as three octal
 * digits ({@code \040}); the optional fields end at a lone {@code -}, after which come type, source and super options.
 */
public final class MountTable {

    private static final Path SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    /** The mounts of this process's mount namespace, in the kernel's order (parents before children). */
    public static List<MountInfo> read() {
        try {
            return parse(Files.readAllLines(SELF_MOUNTINFO));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SELF_MOUNTINFO, e);
        }
    }

    /** Parses mountinfo lines; blank lines are skipped. */
    public static List<MountInfo> parse(List<String> lines) {
        List<MountInfo> mounts = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isBlank()) {
                mounts.add(parseLine(line));
            }
        }
        return mounts;
    }

    /** Parses one mountinfo line. */
    public static MountInfo parseLine(String line) {
        List<String> fields = Arrays.asList(line.strip().split(" "));
        int separator = fields.indexOf("-");
        if (separator < 6 || fields.size() < separator + 3) {
            throw new IllegalArgumentException("mountinfo line must have 6 fields, '-', then 3 more, got: " + line);
        }
        return new MountInfo(
                Integer.parseInt(fields.get(0)),
                Integer.parseInt(fields.get(1)),
                fields.get(2),
                unescape(fields.get(3)),
                Path.of(unescape(fields.get(4))),
                options(fields.get(5)),
                List.copyOf(fields.subList(6, separator)),
                unescape(fields.get(separator + 1)),
                unescape(fields.get(separator + 2)),
                fields.size() > separator + 3 ? options(fields.get(separator + 3)) : Set.of());
    }

    /** Decodes the kernel's {@code \ooo} escapes. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder decoded = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                decoded.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static boolean isOctal(String field, int from) {
        for (int i = from; i < from + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    private static Set<String> options(String field) {
        Set<String> options = new LinkedHashSet<>();
        for (String option : field.split(",")) {
            options.add(unescape(option));
        }
        return Collections.unmodifiableSet(options);
    }
}
