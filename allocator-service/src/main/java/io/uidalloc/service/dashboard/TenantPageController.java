package io.uidalloc.service.dashboard;

import io.uidalloc.service.tenant.TenantService;
import io.uidalloc.service.web.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Tenants page: list, create, change a quota, rotate a token. Each change answers with a redirect back to the
 * list (post, redirect, get), carrying its outcome as a flash attribute; a new token is such an attribute, so it is
 * shown exactly once and never lands in a URL or the browser history.
 */
@Controller
@RequestMapping("/dashboard/tenants")
class TenantPageController {

    private static final String LIST = "redirect:/dashboard/tenants";

    private final TenantService tenants;

    TenantPageController(TenantService tenants) {
        this.tenants = tenants;
    }

    /** A token just issued, shown once on the page that follows. */
    record IssuedToken(String tenant, String token, String why) {}

    @GetMapping
    String list(Model model) {
        model.addAttribute("page", "tenants");
        model.addAttribute("tenants", tenants.list());
        return "dashboard/tenants";
    }

    @PostMapping
    String create(@RequestParam String name, @RequestParam String quotaBlocks, RedirectAttributes redirect) {
        try {
            TenantService.CreatedTenant created = tenants.create(name.strip(), quota(quotaBlocks));
            redirect.addFlashAttribute(
                    "issued", new IssuedToken(created.tenant().name(), created.token(), "created"));
        } catch (ApiException e) {
            redirect.addFlashAttribute("error", "Tenant not created: " + e.getMessage());
            redirect.addFlashAttribute("draftName", name);
            redirect.addFlashAttribute("draftQuota", quotaBlocks);
        }
        return LIST;
    }

    @PostMapping("/{name}/quota")
    String changeQuota(@PathVariable String name, @RequestParam String quotaBlocks, RedirectAttributes redirect) {
        try {
            int quota = tenants.changeQuota(name, quota(quotaBlocks)).quotaBlocks();
            redirect.addFlashAttribute("notice", "Quota of " + name + " is now " + quota + " blocks.");
        } catch (ApiException e) {
            redirect.addFlashAttribute("error", "Quota of " + name + " not changed: " + e.getMessage());
        }
        return LIST;
    }

    @PostMapping("/{name}/token")
    String rotateToken(@PathVariable String name, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("issued", new IssuedToken(name, tenants.rotateToken(name), "rotated"));
        } catch (ApiException e) {
            redirect.addFlashAttribute("error", "Token of " + name + " not rotated: " + e.getMessage());
        }
        return LIST;
    }

    /** The quota field as a number; the service checks the range and reports a missing value itself. */
    private static Integer quota(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("quotaBlocks", "must be a whole number of blocks, got \"" + value + "\"");
        }
    }
}
