package io.uidalloc.service.tenant;

import io.uidalloc.service.security.Caller;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tenants over REST: the admin manages them, a tenant may read itself. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

    private final TenantService service;

    TenantController(TenantService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TenantView create(@RequestBody TenantRequest request, Caller caller) {
        caller.requireAdmin();
        TenantService.CreatedTenant created = service.create(request.name(), request.quotaBlocks());
        return TenantView.of(created.tenant(), created.token());
    }

    @GetMapping
    List<TenantView> list(Caller caller) {
        caller.requireAdmin();
        return service.list().stream().map(t -> TenantView.of(t, null)).toList();
    }

    @GetMapping("/{name}")
    TenantView get(@PathVariable String name, Caller caller) {
        caller.requireTenant(name);
        return TenantView.of(service.get(name), null);
    }

    @PatchMapping("/{name}")
    TenantView changeQuota(@PathVariable String name, @RequestBody TenantRequest request, Caller caller) {
        caller.requireAdmin();
        return TenantView.of(service.changeQuota(name, request.quotaBlocks()), null);
    }

    @PostMapping("/{name}/token")
    TenantView rotateToken(@PathVariable String name, Caller caller) {
        caller.requireAdmin();
        String token = service.rotateToken(name);
        return TenantView.of(service.get(name), token);
    }

    record TenantRequest(String name, Integer quotaBlocks) {}

    /** A tenant as the API shows it; {@code token} is present only in the answer that created or rotated it. */
    record TenantView(String name, int quotaBlocks, int usedBlocks, String token) {

        static TenantView of(Tenant tenant, String token) {
            return new TenantView(tenant.name(), tenant.quotaBlocks(), tenant.usedBlocks(), token);
        }
    }
}
