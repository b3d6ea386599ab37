package io.uidalloc.node.kernel;

import io.uidalloc.node.kernel.internal.LibC;
import io.uidalloc.node.kernel.internal.Utsname;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Linux version as {@code major.minor.patch}; distribution suffixes such as {@code -fc-v1252} are dropped.
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch level, 0 when the release string has none
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {

    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Comparator<KernelVersion> ORDER = Comparator.comparingInt(KernelVersion::major)
            .thenComparingInt(KernelVersion::minor)
            .thenComparingInt(KernelVersion::patch);

    /** Parses a release string as {@code uname -r} prints it. */
    public static KernelVersion parse(String release) {
        Matcher matcher = RELEASE.matcher(release.strip());
        if (!matcher.find()) {
            throw new IllegalArgumentException("kernel release must start with major.minor, got \"" + release + "\"");
        }
        int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        return new KernelVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), patch);
    }

    /** The running kernel's version, from {@code uname(2)}. */
    public static KernelVersion running() {
        return parse(runningRelease());
    }

    /** The running kernel's full release string, from {@code uname(2)}. */
    public static String runningRelease() {
        Utsname utsname = new Utsname();
        Syscalls.check(LibC.INSTANCE.uname(utsname), "uname", "-");
        utsname.read();
        return utsname.releaseString();
    }

    /** Whether this version is the same as or newer than {@code other}. */
    public boolean isAtLeast(KernelVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(KernelVersion other) {
        return ORDER.compare(this, other);
    }

    /** {@code major.minor}, or {@code major.minor.patch} when the patch level is not 0. */
    @Override
    public String toString() {
        return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}
