package io.uidalloc.service.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates REST calls by their {@code Authorization: Bearer} token; requests without one stay anonymous. */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final String adminToken;
    private final List<CallerDirectory> directories;

    BearerTokenFilter(String adminToken, List<CallerDirectory> directories) {
        this.adminToken = adminToken;
        this.directories = directories;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            resolve(header.substring(PREFIX.length()).trim()).ifPresent(caller -> {
                var authentication = new UsernamePasswordAuthenticationToken(
                        caller, null, List.of(new SimpleGrantedAuthority("ROLE_" + role(caller))));
                SecurityContextHolder.getContext().setAuthentication(authentication);
            });
        }
        chain.doFilter(request, response);
    }

    private Optional<Caller> resolve(String token) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (Tokens.constantTimeEquals(token, adminToken)) {
            return Optional.of(new Caller.Admin());
        }
        byte[] hash = Tokens.hash(token);
        for (CallerDirectory directory : directories) {
            Optional<Caller> caller = directory.findByTokenHash(hash);
            if (caller.isPresent()) {
                return caller;
            }
        }
        return Optional.empty();
    }

    private static String role(Caller caller) {
        if (caller instanceof Caller.Admin) {
            return "ADMIN";
        }
        return caller instanceof Caller.Tenant ? "TENANT" : "NODE";
    }
}
