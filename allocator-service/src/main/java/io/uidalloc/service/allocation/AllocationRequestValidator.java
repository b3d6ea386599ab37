package io.uidalloc.service.allocation;

import io.uidalloc.service.web.ApiException;
import io.uidalloc.service.web.FieldProblem;
import io.uidalloc.service.web.Names;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * Checks an allocation request completely before anything is written, reporting every invalid field at once.
 *
 * <p>Malformed fields are a 400. A well-formed request for host networking, PID or IPC is a 422: Kubernetes forbids
 * each of them together with {@code hostUsers: false}, so such a pod cannot run in a user namespace at all.
 */
final class AllocationRequestValidator {

    static final int MAX_VOLUMES = 64;
    static final int MAX_STABLE_KEY_LENGTH = 253;

    private AllocationRequestValidator() {}

    static ValidRequest validate(AllocationRequest request) {
        if (request == null) {
            throw ApiException.invalid("body", "is required: a JSON object with podUid, namespace, podName and node");
        }
        List<FieldProblem> problems = new ArrayList<>();
        check(problems, "podUid", Names.uuidProblem(request.podUid()));
        check(problems, "namespace", Names.dnsLabelProblem(request.namespace()));
        check(problems, "podName", Names.dnsSubdomainProblem(request.podName()));
        check(problems, "node", Names.dnsSubdomainProblem(request.node()));
        check(problems, "stableKey", stableKeyProblem(request.stableKey()));
        List<VolumeMount> volumes = volumes(request.volumes(), problems);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }

        rejectHostNamespace("hostNetwork", request.hostNetwork());
        rejectHostNamespace("hostPID", request.hostPid());
        rejectHostNamespace("hostIPC", request.hostIpc());

        return new ValidRequest(
                UUID.fromString(request.podUid()),
                request.namespace(),
                request.podName(),
                request.node(),
                volumes,
                request.stableKey());
    }

    private static List<VolumeMount> volumes(
            List<AllocationRequest.VolumeRequest> requested, List<FieldProblem> problems) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_VOLUMES) {
            problems.add(new FieldProblem("volumes", "must list at most " + MAX_VOLUMES + ", got " + requested.size()));
            return List.of();
        }
        List<VolumeMount> volumes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            AllocationRequest.VolumeRequest volume = requested.get(i);
            String at = "volumes[" + i + "]";
            if (volume == null) {
                problems.add(new FieldProblem(at, "must be an object with name, hostPath and containerPath"));
                continue;
            }
            int before = problems.size();
            check(problems, at + ".name", Names.dnsLabelProblem(volume.name()));
            check(problems, at + ".hostPath", Names.absolutePathProblem(volume.hostPath()));
            check(problems, at + ".containerPath", Names.absolutePathProblem(volume.containerPath()));
            if (volume.name() != null && !names.add(volume.name())) {
                problems.add(new FieldProblem(
                        at + ".name", "duplicates the name " + Names.quote(volume.name()) + " of an earlier volume"));
            }
            if (problems.size() == before) {
                volumes.add(new VolumeMount(
                        volume.name(),
                        volume.hostPath(),
                        volume.containerPath(),
                        Boolean.TRUE.equals(volume.readOnly())));
            }
        }
        return volumes;
    }

    private static String stableKeyProblem(String stableKey) {
        if (stableKey == null) {
            return null;
        }
        if (stableKey.isBlank()) {
            return "must not be blank; leave it out for a pod without a stable identity";
        }
        if (stableKey.length() > MAX_STABLE_KEY_LENGTH) {
            return "must be at most " + MAX_STABLE_KEY_LENGTH + " characters, got " + stableKey.length();
        }
        if (stableKey.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    private static void rejectHostNamespace(String field, Boolean value) {
        if (Boolean.TRUE.equals(value)) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "host-namespace",
                    "Pod shares a host namespace",
                    field + " is true, but a pod in its own user namespace cannot share the host's namespaces;"
                            + " run this pod with hostUsers: true or set " + field + " to false",
                    List.of(new FieldProblem(field, "must be false for a pod with its own user namespace")),
                    java.util.Map.of());
        }
    }

    private static void check(List<FieldProblem> problems, String field, String problem) {
        if (problem != null) {
            problems.add(new FieldProblem(field, problem));
        }
    }
}
