package io.uidalloc.service.allocation;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A volume of a pod that the node client id-maps: a host directory and where the pod sees it. */
@Embeddable
public record VolumeMount(
        @Column(name = "name", nullable = false) String name,
        @Column(name = "host_path", nullable = false) String hostPath,
        @Column(name = "container_path", nullable = false) String containerPath,
        @Column(name = "read_only", nullable = false) boolean readOnly) {}
