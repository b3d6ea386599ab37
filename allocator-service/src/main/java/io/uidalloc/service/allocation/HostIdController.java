package io.uidalloc.service.allocation;

import io.uidalloc.service.pool.Pool;
import io.uidalloc.service.security.Caller;
import io.uidalloc.service.tenant.Tenant;
import io.uidalloc.service.tenant.TenantRepository;
import io.uidalloc.service.web.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Answers "who held host ID X at time T" from the allocations, which are never deleted. */
@RestController
class HostIdController {

    private static final long MAX_HOST_ID = 4294967295L;

    private final AllocationRepository allocations;
    private final TenantRepository tenants;

    HostIdController(AllocationRepository allocations, TenantRepository tenants) {
        this.allocations = allocations;
        this.tenants = tenants;
    }

    /** The holders of the host ID at {@code at}, or every holder over time when {@code at} is left out. */
    @GetMapping("/api/v1/host-ids/{hostId}/holders")
    @Transactional(readOnly = true)
    HoldersView holders(@PathVariable String hostId, @RequestParam(required = false) String at, Caller caller) {
        caller.requireAdmin();
        long id = parseHostId(hostId);
        Instant when = parseInstant(at);
        List<Allocation> found = allocations.findHolders(id, when);
        Map<Long, String> names =
                tenants
                        .findAllById(found.stream()
                                .map(Allocation::tenantId)
                                .distinct()
                                .toList())
                        .stream()
                        .collect(Collectors.toMap(Tenant::id, Tenant::name, (a, b) -> a));
        List<HolderView> holders = found.stream()
                .map(a -> new HolderView(
                        names.get(a.tenantId()),
                        a.podUid(),
                        a.namespace(),
                        a.podName(),
                        a.node(),
                        a.block(),
                        a.hostIdStart(),
                        a.size(),
                        a.state(),
                        a.createdAt(),
                        a.releasedAt()))
                .toList();
        return new HoldersView(id, id / Pool.KUBERNETES_BLOCK, when, holders);
    }

    private static long parseHostId(String value) {
        try {
            long id = Long.parseLong(value);
            if (id >= 0 && id <= MAX_HOST_ID) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw ApiException.invalid(
                "hostId", "must be a host ID between 0 and " + MAX_HOST_ID + ", got \"" + value + "\"");
    }

    private static Instant parseInstant(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    "at", "must be an ISO-8601 instant such as 2026-12-03T10:15:30Z, got \"" + value + "\"");
        }
    }

    /**
     * @param block the host ID's block in units of 65536
     * @param at the instant asked about, or null for every holder over time
     */
    record HoldersView(long hostId, long block, Instant at, List<HolderView> holders) {}

    /** One allocation that held the host ID; {@code heldUntil} is null while it still holds it. */
    record HolderView(
            String tenant,
            UUID podUid,
            String namespace,
            String podName,
            String node,
            long block,
            long hostIdStart,
            long size,
            AllocationState state,
            Instant heldFrom,
            Instant heldUntil) {}
}
