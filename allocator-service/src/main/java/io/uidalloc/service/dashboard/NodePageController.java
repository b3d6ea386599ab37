package io.uidalloc.service.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The Nodes page, drawn from {@link OperationsStatus} when the application has one. */
@Controller
class NodePageController {

    private final OperationsReader operations;

    NodePageController(OperationsReader operations) {
        this.operations = operations;
    }

    @GetMapping("/dashboard/nodes")
    String nodes(Model model) {
        model.addAttribute("page", "nodes");
        model.addAttribute("nodes", operations.nodes());
        return "dashboard/nodes";
    }
}
