package io.uidalloc.node.pod;

import io.uidalloc.node.IdRange;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the node holds for one pod, found by {@link PodApplier#scan()}: any of it makes the pod present, and
 * reconciliation revokes pods that should not be there and applies (after revoking) those that do not match.
 *
 * @param podUid the pod
 * @param namespacePinned whether a user namespace is bind-mounted on the pod's {@code userns} file
 * @param volumes mounts under the pod's mount directory
 * @param hostRange the host IDs recorded in the runtime-spec fragment, empty when there is none (or it is unreadable)
 * @param runtimeSpecWritten whether the runtime-spec fragment exists; it is written last, so it marks a finished apply
 */
public record PodKernelState(
        UUID podUid,
        boolean namespacePinned,
        List<MountedVolume> volumes,
        Optional<IdRange> hostRange,
        boolean runtimeSpecWritten) {

    public PodKernelState {
        volumes = List.copyOf(volumes);
    }

    /** Names of the mounted volumes. */
    public Set<String> volumeNames() {
        return volumes.stream().map(MountedVolume::name).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether this state is a finished apply of exactly {@code pod}: same range, same volumes, all id-mapped. */
    public boolean matches(PodAssignment pod) {
        Set<String> wanted = pod.volumes().stream().map(PodVolume::name).collect(Collectors.toSet());
        return pod.podUid().equals(podUid)
                && namespacePinned
                && runtimeSpecWritten
                && hostRange.equals(Optional.of(pod.hostRange()))
                && volumes.size() == wanted.size()
                && volumeNames().equals(wanted)
                && volumes.stream().allMatch(MountedVolume::idmapped);
    }
}
