package io.uidalloc.service.dashboard;

import io.uidalloc.service.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The dashboard signs the operator in once with the admin token and keeps a session cookie, unlike the REST API. A
 * cookie is sent by the browser on its own, so every form that changes something carries a CSRF token (Thymeleaf
 * adds it to each {@code th:action} form) and a request without one is refused with 403.
 *
 * <p>The data the pages poll ({@code /dashboard/*.json}) answers 401 instead of redirecting to the login page, so the
 * script can tell an expired session from data.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurityConfiguration {

    static final String LOGIN = "/dashboard/login";

    @Bean
    @Order(4)
    SecurityFilterChain dashboardSecurity(HttpSecurity http, SecurityProperties properties) throws Exception {
        http.securityMatcher("/", "/dashboard", "/dashboard/**", "/assets/**")
                .authenticationManager(
                        new ProviderManager(new AdminTokenAuthenticationProvider(properties.adminToken())))
                .authorizeHttpRequests(requests -> requests.requestMatchers("/", "/assets/**", LOGIN)
                        .permitAll()
                        .anyRequest()
                        .hasRole("ADMIN"))
                .formLogin(form -> form.loginPage(LOGIN)
                        .passwordParameter("token")
                        .defaultSuccessUrl("/dashboard", true)
                        .failureUrl(LOGIN + "?error"))
                .logout(logout -> logout.logoutUrl("/dashboard/logout").logoutSuccessUrl(LOGIN + "?logout"))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.pathPattern("/dashboard/*.json")))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none';"
                                + " form-action 'self'; base-uri 'self'")));
        return http.build();
    }
}
