package io.uidalloc.service.tenant;

import io.uidalloc.service.security.Caller;
import io.uidalloc.service.security.CallerDirectory;
import io.uidalloc.service.security.Tokens;
import io.uidalloc.service.web.ApiException;
import io.uidalloc.service.web.Names;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates tenants, changes their quotas and rotates their tokens. */
@Service
public class TenantService implements CallerDirectory {

    private static final Logger log = LoggerFactory.getLogger(TenantService.class);

    /** Tenant tokens start with this, so a leaked one is recognisable in logs and secret scanners. */
    static final String TOKEN_PREFIX = "uat_";

    private final TenantRepository tenants;
    private final Clock clock;

    TenantService(TenantRepository tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    /** A new tenant and its token; the token exists only in the returned value. */
    @Transactional
    public CreatedTenant create(String name, Integer quotaBlocks) {
        Names.requireDnsLabel("name", name);
        int quota = requireQuota(quotaBlocks);
        if (tenants.findByName(name).isPresent()) {
            throw duplicate(name);
        }
        String token = Tokens.generate(TOKEN_PREFIX);
        try {
            Tenant tenant = tenants.saveAndFlush(new Tenant(name, quota, Tokens.hash(token), clock.instant()));
            log.info("Created tenant {} with a quota of {} blocks", name, quota);
            return new CreatedTenant(tenant, token);
        } catch (DataIntegrityViolationException e) {
            // Another request created the same name between our check and our insert.
            throw duplicate(name);
        }
    }

    @Transactional
    public Tenant changeQuota(String name, Integer quotaBlocks) {
        int quota = requireQuota(quotaBlocks);
        Tenant tenant = get(name);
        int before = tenant.quotaBlocks();
        tenant.changeQuota(quota);
        log.info(
                "Changed quota of tenant {} from {} to {} blocks ({} in use)",
                name,
                before,
                quota,
                tenant.usedBlocks());
        return tenant;
    }

    /** Replaces the tenant's token; the old one stops working at once. */
    @Transactional
    public String rotateToken(String name) {
        Tenant tenant = get(name);
        String token = Tokens.generate(TOKEN_PREFIX);
        tenant.replaceToken(Tokens.hash(token));
        log.info("Rotated the token of tenant {}", name);
        return token;
    }

    @Transactional(readOnly = true)
    public Tenant get(String name) {
        return tenants.findByName(name).orElseThrow(() -> ApiException.notFound("tenant '" + name + "'"));
    }

    @Transactional(readOnly = true)
    public List<Tenant> list() {
        return tenants.findAllByOrderByNameAsc();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Caller> findByTokenHash(byte[] tokenHash) {
        return tenants.findByTokenHash(tokenHash).map(t -> new Caller.Tenant(t.id(), t.name()));
    }

    private static int requireQuota(Integer quotaBlocks) {
        if (quotaBlocks == null) {
            throw ApiException.invalid("quotaBlocks", "is required: the number of blocks the tenant may hold at once");
        }
        if (quotaBlocks < 0) {
            throw ApiException.invalid("quotaBlocks", "must be 0 or more, got " + quotaBlocks);
        }
        return quotaBlocks;
    }

    private static ApiException duplicate(String name) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "tenant-exists",
                "Tenant exists",
                "a tenant named '" + name + "' exists already; choose another name");
    }

    /** A tenant just created, with the only copy of its token. */
    public record CreatedTenant(Tenant tenant, String token) {}
}
