package io.uidalloc.service.local;

import io.uidalloc.service.security.SecurityProperties;
import io.uidalloc.service.tenant.TenantService;
import java.io.PrintStream;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/**
 * Seeds the tenant "demo" in the local run and prints, once the service is ready, what a newcomer needs: the
 * dashboard, the admin token, the tenant's token and a curl line that allocates a block.
 */
@TestComponent
class DemoTenant {

    static final String NAME = "demo";

    private final TenantService tenants;
    private final SecurityProperties security;
    private final LocalNodeClient nodeClient;

    DemoTenant(TenantService tenants, SecurityProperties security, LocalNodeClient nodeClient) {
        this.tenants = tenants;
        this.security = security;
        this.nodeClient = nodeClient;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) throws Exception {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        String base = "http://localhost:" + port;
        String node = nodeClient.start(base);
        String token = tenants.list().stream().anyMatch(t -> t.name().equals(NAME))
                ? tenants.rotateToken(NAME)
                : tenants.create(NAME, 10).token();
        PrintStream out = System.out;
        out.println();
        out.println("uidalloc is running.");
        out.println("  Dashboard:    " + base + "/dashboard");
        out.println("  Admin token:  " + security.adminToken());
        out.println("  Tenant token: " + token + "   (tenant \"" + NAME + "\", quota 10 blocks)");
        out.println("  Allocate a block:");
        out.println("    curl -s -X POST " + base + "/api/v1/tenants/" + NAME + "/allocations \\");
        out.println("      -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' \\");
        out.println("      -d '{\"podUid\":\"" + UUID.randomUUID() + "\",\"namespace\":\"shop\",\"podName\":\"web-0\","
                + "\"node\":\"" + LocalNode.name() + "\"}'");
        out.println("  Node client:  " + node);
        out.println("  Stop with Ctrl-C.");
        out.println();
    }
}
