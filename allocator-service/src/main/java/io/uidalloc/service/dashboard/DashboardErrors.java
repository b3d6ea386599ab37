package io.uidalloc.service.dashboard;

import io.uidalloc.service.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A refused request on a dashboard page is shown as a page with the reason, not as the REST API's problem JSON. It
 * takes precedence over the API's handler for the page controllers only; the JSON the pages poll keeps problems.
 */
@ControllerAdvice(assignableTypes = {AllocationPageController.class, TenantPageController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardErrors {

    @ExceptionHandler(ApiException.class)
    String refused(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("title", e.title());
        model.addAttribute("detail", e.getMessage());
        return "dashboard/error";
    }
}
