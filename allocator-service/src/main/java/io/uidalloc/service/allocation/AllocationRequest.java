package io.uidalloc.service.allocation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A scheduler's request for a block, as received: every field may be missing or wrong, and {@link
 * AllocationRequestValidator} says which.
 */
public record AllocationRequest(
        String podUid,
        String namespace,
        String podName,
        String node,
        Boolean hostNetwork,
        @JsonProperty("hostPID") Boolean hostPid,
        @JsonProperty("hostIPC") Boolean hostIpc,
        List<VolumeRequest> volumes,
        String stableKey) {

    /** A volume as received. */
    public record VolumeRequest(String name, String hostPath, String containerPath, Boolean readOnly) {}
}
