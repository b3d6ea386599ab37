package io.uidalloc.node.safety;

import io.uidalloc.node.IdRange;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks the node applies to every assignment, however correctly it is signed: a bug or a compromised allocator must
 * not be able to hand a pod the host's own IDs, another pod's IDs, or a volume outside the directories this node
 * exports. Each refusal is a sentence naming the input and its value.
 */
public final class SafetyRules {

    /** Block 0 holds the host's own users and system accounts. */
    static final long FIRST_ID_AFTER_BLOCK_ZERO = 65536;

    /** {@code (uid_t) -1}: the kernel treats it as "no ID" and refuses it in a map. */
    static final long INVALID_ID = 4294967295L;

    /** Kubernetes hands out blocks at multiples of their size, 65536. */
    static final long BLOCK_ALIGNMENT = 65536;

    /** RFC 1123 label, as Kubernetes requires for volume names. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final IdRange pool;
    private final List<Path> allowedRoots;
    private final List<Path> realAllowedRoots;

    /**
     * @param pool the host IDs this node may hand to pods, as configured for the fleet
     * @param allowedRoots directories under which volumes may live; they must exist
     */
    public SafetyRules(IdRange pool, List<Path> allowedRoots) {
        this.pool = pool;
        this.allowedRoots = allowedRoots.stream().map(Path::normalize).toList();
        this.realAllowedRoots =
                this.allowedRoots.stream().map(SafetyRules::realRoot).toList();
    }

    private static Path realRoot(Path root) {
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("allowed volume root must be absolute, got " + root);
        }
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("allowed volume root " + root + " must exist: " + e, e);
        }
    }

    /**
     * Every reason to refuse {@code pod}; empty when it may be applied.
     *
     * @param others host ranges of the other pods already on this node, by pod UID
     */
    public List<String> refusals(PodAssignment pod, Map<UUID, IdRange> others) {
        List<String> refusals = new ArrayList<>(rangeRefusals(pod, others));
        Set<String> names = new HashSet<>();
        Set<String> destinations = new HashSet<>();
        for (PodVolume volume : pod.volumes()) {
            if (!names.add(volume.name())) {
                refusals.add("volume name \"" + volume.name() + "\" is used twice");
            }
            if (!destinations.add(volume.containerPath())) {
                refusals.add("container path " + volume.containerPath() + " is used by two volumes");
            }
            refusals.addAll(volumeRefusals(volume));
        }
        return refusals;
    }

    /** Reasons to refuse the pod's host range. */
    public List<String> rangeRefusals(PodAssignment pod, Map<UUID, IdRange> others) {
        long start = pod.hostIdStart();
        long size = pod.size();
        if (size < 1) {
            return List.of("host range size must be at least 1, got " + size);
        }
        if (start < FIRST_ID_AFTER_BLOCK_ZERO) {
            return List.of("host range starts at " + start + ", inside block 0 (0..65535), which holds the host's"
                    + " own users");
        }
        if (size > INVALID_ID || start > INVALID_ID - size) {
            return List.of("host range " + start + " + " + size + " reaches 4294967295 ((uid_t) -1), which the"
                    + " kernel refuses in an ID map");
        }

        List<String> refusals = new ArrayList<>();
        IdRange range = new IdRange(start, size);
        if (start % BLOCK_ALIGNMENT != 0) {
            refusals.add("host range start " + start + " is not a multiple of " + BLOCK_ALIGNMENT);
        }
        if (!pool.contains(range)) {
            refusals.add("host range " + range + " lies outside this node's pool " + pool);
        }
        others.forEach((otherPod, otherRange) -> {
            if (!otherPod.equals(pod.podUid()) && otherRange.overlaps(range)) {
                refusals.add("host range " + range + " overlaps pod " + otherPod + " on this node, which holds "
                        + otherRange);
            }
        });
        return refusals;
    }

    /** Reasons to refuse one volume. */
    public List<String> volumeRefusals(PodVolume volume) {
        List<String> refusals = new ArrayList<>();
        String prefix = "volume " + volume.name() + ": ";
        if (!DNS_LABEL.matcher(volume.name()).matches()) {
            refusals.add("volume name \"" + volume.name() + "\" is not a DNS label (1 to 63 characters of a-z, 0-9"
                    + " and '-', starting and ending with a letter or digit)");
        }
        if (!volume.containerPath().startsWith("/") || hasDotDot(Path.of(volume.containerPath()))) {
            refusals.add(prefix + "container path " + volume.containerPath() + " must be absolute without '..'");
        }
        refusals.addAll(hostPathRefusals(prefix, volume.hostPath()));
        return refusals;
    }

    private List<String> hostPathRefusals(String prefix, Path hostPath) {
        if (!hostPath.isAbsolute()) {
            return List.of(prefix + "host path " + hostPath + " is not absolute");
        }
        if (hasDotDot(hostPath)) {
            return List.of(prefix + "host path " + hostPath + " contains '..'");
        }
        if (!isUnder(hostPath, allowedRoots)) {
            return List.of(prefix + "host path " + hostPath + " is outside the allowed roots " + allowedRoots);
        }
        // The path as written is inside a root; a symbolic link on the way could still lead out of it.
        Path real;
        try {
            real = hostPath.toRealPath();
        } catch (NoSuchFileException e) {
            return List.of(prefix + "host path " + hostPath + " does not exist");
        } catch (IOException e) {
            return List.of(prefix + "host path " + hostPath + " cannot be resolved: " + e.getMessage());
        }
        if (!isUnder(real, realAllowedRoots)) {
            return List.of(prefix + "host path " + hostPath + " resolves through a symbolic link to " + real
                    + ", outside the allowed roots " + allowedRoots);
        }
        return List.of();
    }

    private static boolean isUnder(Path path, List<Path> roots) {
        return roots.stream().anyMatch(path::startsWith);
    }

    private static boolean hasDotDot(Path path) {
        for (Path part : path) {
            if (part.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }
}
