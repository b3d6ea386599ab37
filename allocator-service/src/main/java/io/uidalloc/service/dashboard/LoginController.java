package io.uidalloc.service.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Shows the login form; Spring Security checks what it posts (see {@link DashboardSecurityConfiguration}). */
@Controller
class LoginController {

    @GetMapping(DashboardSecurityConfiguration.LOGIN)
    String login() {
        return "dashboard/login";
    }
}
