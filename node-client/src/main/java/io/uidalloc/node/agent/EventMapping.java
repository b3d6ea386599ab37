package io.uidalloc.node.agent;

import io.uidalloc.contract.AssignmentEvent;
import io.uidalloc.contract.IdMapping;
import io.uidalloc.contract.Volume;
import io.uidalloc.node.PodAssignment;
import io.uidalloc.node.PodVolume;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns a verified {@link AssignmentEvent} into the kernel layer's {@link PodAssignment}. */
final class EventMapping {

    private EventMapping() {}

    /**
     * The pod the event assigns.
     *
     * @throws IllegalArgumentException naming the field, if the event's maps disagree with its block (the kernel layer
     *     maps exactly {@code 0 -> hostIdStart} of {@code size}, so anything else would silently be applied
     *     differently from what was signed) or a volume's host path is not a path
     */
    static PodAssignment toPod(AssignmentEvent event) {
        requireBlockMapping("uidMappings", event.uidMappings(), event);
        requireBlockMapping("gidMappings", event.gidMappings(), event);
        List<PodVolume> volumes = new ArrayList<>();
        for (Volume volume : event.volumes()) {
            volumes.add(new PodVolume(volume.name(), hostPath(volume), volume.containerPath(), volume.readOnly()));
        }
        return new PodAssignment(event.podUid(), event.hostIdStart(), event.size(), volumes);
    }

    private static void requireBlockMapping(String field, List<IdMapping> mappings, AssignmentEvent event) {
        if (mappings.isEmpty()) {
            return;
        }
        if (event.size() < 1 || event.hostIdStart() < 0) {
            throw new IllegalArgumentException(
                    "host range " + event.hostIdStart() + " + " + event.size() + " is not a block of host IDs");
        }
        List<IdMapping> expected = List.of(IdMapping.ofBlock(event.hostIdStart(), event.size()));
        if (!mappings.equals(expected)) {
            throw new IllegalArgumentException("'" + field + "' must be " + expected + " for block "
                    + event.hostIdStart() + " + " + event.size() + ", got " + mappings);
        }
    }

    private static Path hostPath(Volume volume) {
        try {
            return Path.of(volume.hostPath());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "volume " + volume.name() + ": host path \"" + volume.hostPath() + "\" is not a path: "
                            + e.getReason(),
                    e);
        }
    }
}
