package io.uidalloc.service.dashboard;

import io.uidalloc.service.allocation.Allocation;
import io.uidalloc.service.allocation.AllocationRepository;
import io.uidalloc.service.allocation.HistoryRepository;
import io.uidalloc.service.tenant.Tenant;
import io.uidalloc.service.tenant.TenantService;
import io.uidalloc.service.web.ApiException;
import io.uidalloc.service.web.Names;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Allocations page: search every tenant's allocations, find who held a host ID over time, and one allocation's
 * history. A bad search field is shown next to the form; it is not an error page.
 */
@Controller
class AllocationPageController {

    static final int RESULTS = 100;

    private static final long MAX_HOST_ID = 4294967295L;

    private final AllocationRepository allocations;
    private final HistoryRepository history;
    private final TenantService tenants;
    private final BlockMapReader blocks;

    AllocationPageController(
            AllocationRepository allocations, HistoryRepository history, TenantService tenants, BlockMapReader blocks) {
        this.allocations = allocations;
        this.history = history;
        this.tenants = tenants;
        this.blocks = blocks;
    }

    /** An allocation with its tenant's name and the last host ID of its block, as the tables show it. */
    record Row(Allocation allocation, String tenant, long lastHostId) {

        Row(Allocation allocation, String tenant) {
            this(allocation, tenant, allocation.hostIdStart() + allocation.size() - 1);
        }
    }

    /** The search form's fields, kept to fill the form again. */
    record Search(String podUid, String podName, String namespace, String node, String tenant) {

        boolean isEmpty() {
            return podUid == null && podName == null && namespace == null && node == null && tenant == null;
        }
    }

    @GetMapping("/dashboard/allocations")
    @Transactional(readOnly = true)
    String allocations(
            @RequestParam(required = false) String podUid,
            @RequestParam(required = false) String podName,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String node,
            @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String hostId,
            Model model) {
        List<Tenant> all = tenants.list();
        Search search = new Search(blank(podUid), blank(podName), blank(namespace), blank(node), blank(tenant));
        model.addAttribute("page", "allocations");
        model.addAttribute("tenants", all);
        model.addAttribute("search", search);
        model.addAttribute("hostId", blank(hostId));
        if (!search.isEmpty()) {
            search(search, names(all), model);
        }
        if (blank(hostId) != null) {
            lookUp(hostId.strip(), names(all), model);
        }
        return "dashboard/allocations";
    }

    @GetMapping("/dashboard/allocations/{id}")
    @Transactional(readOnly = true)
    String allocation(@PathVariable long id, Model model) {
        Allocation allocation = allocations.findById(id).orElseThrow(() -> ApiException.notFound("allocation " + id));
        model.addAttribute("page", "allocations");
        model.addAttribute("row", new Row(allocation, names(tenants.list()).get(allocation.tenantId())));
        model.addAttribute("history", history.findByAllocationIdOrderByIdAsc(id));
        return "dashboard/allocation";
    }

    private void search(Search search, Map<Long, String> names, Model model) {
        try {
            UUID pod = search.podUid() == null ? null : Names.requireUuid("podUid", search.podUid());
            Long tenantId = search.tenant() == null
                    ? null
                    : tenants.get(search.tenant()).id();
            Page<Allocation> found = allocations.searchAllTenants(
                    tenantId, pod, search.namespace(), search.podName(), search.node(), PageRequest.of(0, RESULTS));
            model.addAttribute("results", rows(found.getContent(), names));
            model.addAttribute("resultsTotal", found.getTotalElements());
        } catch (ApiException e) {
            model.addAttribute("searchError", e.getMessage());
        }
    }

    private void lookUp(String hostId, Map<Long, String> names, Model model) {
        long id;
        try {
            id = Long.parseLong(hostId);
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 0 || id > MAX_HOST_ID) {
            model.addAttribute(
                    "hostIdError",
                    "hostId must be a host ID between 0 and " + MAX_HOST_ID + ", got \"" + hostId + "\"");
            return;
        }
        model.addAttribute("hostBlock", blocks.block(id).orElse(null));
        model.addAttribute("holders", rows(allocations.findHolders(id, null), names));
    }

    private static List<Row> rows(List<Allocation> found, Map<Long, String> names) {
        return found.stream().map(a -> new Row(a, names.get(a.tenantId()))).toList();
    }

    private static Map<Long, String> names(List<Tenant> all) {
        return all.stream().collect(Collectors.toMap(Tenant::id, Tenant::name));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
