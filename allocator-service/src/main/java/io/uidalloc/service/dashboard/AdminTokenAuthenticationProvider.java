package io.uidalloc.service.dashboard;

import io.uidalloc.service.security.Caller;
import io.uidalloc.service.security.Tokens;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Accepts the dashboard's login form when its token is the admin token. The form has no user name: the admin token
 * is the only credential, as it is for the REST API, and the session that follows belongs to {@link Caller.Admin}.
 */
final class AdminTokenAuthenticationProvider implements AuthenticationProvider {

    static final String ROLE_ADMIN = "ROLE_ADMIN";

    private final String adminToken;

    AdminTokenAuthenticationProvider(String adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public Authentication authenticate(Authentication login) {
        // A pasted token often brings a trailing newline or space along; no token contains either.
        String token = login.getCredentials() instanceof String given ? given.strip() : "";
        if (token.isEmpty() || !Tokens.constantTimeEquals(token, adminToken)) {
            throw new BadCredentialsException("the token given is not the admin token");
        }
        return UsernamePasswordAuthenticationToken.authenticated(
                new Caller.Admin(), null, List.of(new SimpleGrantedAuthority(ROLE_ADMIN)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
