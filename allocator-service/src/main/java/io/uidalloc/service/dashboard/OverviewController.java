package io.uidalloc.service.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The dashboard's home: the pool, the tenants, recent activity, failures, nodes and events. */
@Controller
class OverviewController {

    private final OverviewReader reader;

    OverviewController(OverviewReader reader) {
        this.reader = reader;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/dashboard";
    }

    @GetMapping("/dashboard")
    String overview(Model model) {
        model.addAttribute("page", "overview");
        model.addAttribute("overview", reader.read());
        return "dashboard/overview";
    }

    /** What the Overview polls to refresh itself. */
    @GetMapping("/dashboard/overview.json")
    @ResponseBody
    Overview overviewData() {
        return reader.read();
    }
}
