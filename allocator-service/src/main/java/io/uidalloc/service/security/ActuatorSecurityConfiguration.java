package io.uidalloc.service.security;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The actuator endpoints other than health ({@code /actuator/prometheus}, {@code /actuator/metrics}, ...) need the
 * admin token as a bearer token: metrics name every tenant and its usage. Health stays public (the chain of
 * {@link SecurityConfiguration} matches it first) so that probes need no secret.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecurityConfiguration {

    @Bean
    @Order(3)
    SecurityFilterChain actuatorSecurity(
            HttpSecurity http, SecurityProperties properties, List<CallerDirectory> directories) throws Exception {
        http.securityMatcher("/actuator", "/actuator/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new BearerTokenFilter(properties.adminToken(), directories),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Bearer");
                    response.sendError(
                            HttpStatus.UNAUTHORIZED.value(),
                            "The actuator endpoints need the admin token in 'Authorization: Bearer <token>'");
                }));
        return http.build();
    }
}
