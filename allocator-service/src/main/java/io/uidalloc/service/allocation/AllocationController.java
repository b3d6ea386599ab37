package io.uidalloc.service.allocation;

import io.uidalloc.service.security.Caller;
import io.uidalloc.service.web.ApiException;
import io.uidalloc.service.web.Names;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's allocations over REST; the tenant's own token or the admin token reaches them. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/allocations")
class AllocationController {

    static final int MAX_PAGE_SIZE = 500;

    private final AllocationService service;
    private final AllocationMetrics metrics;

    AllocationController(AllocationService service, AllocationMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /** 201 with a new allocation; 200 with the existing one when the same request comes again. */
    @PostMapping
    ResponseEntity<AllocationView> allocate(
            @PathVariable String tenant, @RequestBody(required = false) AllocationRequest request, Caller caller) {
        caller.requireTenant(tenant);
        AllocationService.Allocated allocated = metrics.allocation(() -> service.allocate(tenant, request));
        return ResponseEntity.status(allocated.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(AllocationView.of(allocated.allocation(), allocated.tenant()));
    }

    @GetMapping
    PageView list(
            @PathVariable String tenant,
            @RequestParam(required = false) String node,
            @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            Caller caller) {
        caller.requireTenant(tenant);
        if (page < 0) {
            throw ApiException.invalid("page", "must be 0 or more (pages count from 0), got " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.invalid("size", "must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
        }
        Page<Allocation> found = service.search(tenant, node, parseState(state), page, size);
        return new PageView(
                found.map(a -> AllocationView.of(a, tenant)).getContent(), page, size, found.getTotalElements());
    }

    @GetMapping("/{podUid}")
    AllocationView get(@PathVariable String tenant, @PathVariable String podUid, Caller caller) {
        caller.requireTenant(tenant);
        AllocationService.Allocated allocated = service.get(tenant, Names.requireUuid("podUid", podUid));
        return AllocationView.of(allocated.allocation(), tenant);
    }

    @GetMapping("/{podUid}/history")
    List<HistoryView> history(@PathVariable String tenant, @PathVariable String podUid, Caller caller) {
        caller.requireTenant(tenant);
        return service.history(tenant, Names.requireUuid("podUid", podUid)).stream()
                .map(h -> new HistoryView(h.state(), h.at(), h.detail()))
                .toList();
    }

    /** 202: the release is accepted; the answer carries the state it reached. */
    @DeleteMapping("/{podUid}")
    ResponseEntity<AllocationView> release(@PathVariable String tenant, @PathVariable String podUid, Caller caller) {
        caller.requireTenant(tenant);
        AllocationService.Allocated released =
                metrics.release(() -> service.release(tenant, Names.requireUuid("podUid", podUid)));
        return ResponseEntity.accepted().body(AllocationView.of(released.allocation(), tenant));
    }

    /** Admin only: frees the block of a release whose node never confirmed it. */
    @PostMapping("/{podUid}/force-release")
    AllocationView forceRelease(@PathVariable String tenant, @PathVariable String podUid, Caller caller) {
        caller.requireAdmin();
        return AllocationView.of(
                service.forceRelease(tenant, Names.requireUuid("podUid", podUid))
                        .allocation(),
                tenant);
    }

    private static AllocationState parseState(String state) {
        if (state == null || state.isEmpty()) {
            return null;
        }
        try {
            return AllocationState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    "state", "must be one of " + List.of(AllocationState.values()) + ", got " + Names.quote(state));
        }
    }

    record PageView(List<AllocationView> items, int page, int size, long totalItems) {}

    record HistoryView(AllocationState state, Instant at, String detail) {}
}
