package io.uidalloc.service.security;

import io.uidalloc.service.web.ApiException;

/** Who made a request, as established from its bearer token. */
public sealed interface Caller {

    /** The operator, holding the admin token from configuration. */
    record Admin() implements Caller {}

    /** A tenant's cluster scheduler, holding that tenant's token. */
    record Tenant(long id, String name) implements Caller {}

    /** A node client, holding the token issued when its node was registered. */
    record Node(String name) implements Caller {}

    default boolean isAdmin() {
        return this instanceof Admin;
    }

    /** Refuses anyone but the admin. */
    default void requireAdmin() {
        if (!isAdmin()) {
            throw ApiException.forbidden("this operation needs the admin token");
        }
    }

    /**
     * Refuses anyone but the admin and the named tenant. Another tenant learns nothing, not even that the tenant
     * exists: it gets the same 404 as for a tenant that does not.
     */
    default void requireTenant(String tenant) {
        if (isAdmin() || (this instanceof Tenant t && t.name().equals(tenant))) {
            return;
        }
        throw ApiException.notFound("tenant '" + tenant + "'");
    }

    /** Refuses anyone but the admin and the named node's own client. */
    default void requireNode(String node) {
        if (isAdmin() || (this instanceof Node n && n.name().equals(node))) {
            return;
        }
        throw ApiException.notFound("node '" + node + "'");
    }
}
