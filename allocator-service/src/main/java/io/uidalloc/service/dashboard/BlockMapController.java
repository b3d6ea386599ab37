package io.uidalloc.service.dashboard;

import io.uidalloc.service.tenant.TenantService;
import io.uidalloc.service.web.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The block map page and the data its script draws from. */
@Controller
class BlockMapController {

    private final BlockMapReader reader;
    private final TenantService tenants;

    BlockMapController(BlockMapReader reader, TenantService tenants) {
        this.reader = reader;
        this.tenants = tenants;
    }

    @GetMapping("/dashboard/blocks")
    String blocks(Model model) {
        model.addAttribute("page", "blocks");
        model.addAttribute("tenants", tenants.list());
        return "dashboard/blocks";
    }

    /** Every block's state and tenant, and the holders of the blocks in use (of one tenant if given). */
    @GetMapping("/dashboard/blocks.json")
    @ResponseBody
    BlockMap blockData(@RequestParam(required = false) String tenant) {
        return reader.read(tenant == null || tenant.isBlank() ? null : tenant);
    }

    /** One block and its holder, for the tooltip of the cell under the pointer. */
    @GetMapping("/dashboard/block.json")
    @ResponseBody
    BlockMap.Entry block(@RequestParam long start) {
        return reader.block(start).orElseThrow(() -> ApiException.notFound("a block containing host ID " + start));
    }
}
