package io.uidalloc.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.Browser;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.Requests;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real browser against the running service: the operator's path from creating a tenant to seeing
 * its released block in quarantine, with the REST API playing the tenant's scheduler.
 */
class DashboardBrowserTest extends IntegrationTest {

    /** The screenshot of the Overview that the documentation shows. */
    @LocalServerPort
    private int port;

    private Browser browser;

    @BeforeEach
    void openBrowser() {
        Browser.assumeInstalled();
        browser = Browser.open(port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void operatorSeesAnAllocationOnEveryPageAndItsBlockTurnQuarantinedAfterRelease() throws IOException {
        browser.signIn(ADMIN_TOKEN);
        Api.Tenant tenant = createTenantOnTheTenantsPage(
                "shop-" + UUID.randomUUID().toString().substring(0, 6));

        String podUid = UUID.randomUUID().toString();
        Map<String, Object> request = Requests.allocation(podUid);
        request.put("podName", "checkout-0");
        Api.Response allocated = api.post(tenant.allocations(), tenant.token(), request);
        assertThat(allocated.status()).isEqualTo(201);
        long start = allocated.number("hostIdStart");

        otherTenantsHoldAndReleaseBlocks();
        seeTheTenantHoldOneBlockOnTheOverview(tenant);
        lookUpTheHostIdOnTheAllocationsPage(start + 1000, podUid, tenant);
        pointAtTheBlockOnTheMap(start, tenant);

        Api.Response released = api.delete(tenant.allocations() + "/" + podUid, tenant.token());
        assertThat(released.status()).isEqualTo(202);

        String row = browser.waitFor(
                "the map's list shows block " + start + " quarantined after its own refresh", driver -> {
                    String text = browser.text("#in-use-rows tr[data-first-host-id='" + start + "']");
                    return text.contains("quarantined") ? text : null;
                });
        assertThat(row).contains(tenant.name());
        browser.waitFor(
                "the tooltip of the pointed block says quarantined",
                driver -> browser.find("#map-tooltip").getText().contains("quarantined"));
        browser.screenshot("block-map-quarantined");
    }

    /** Some traffic of other tenants, so that the pages show a pool in use rather than one lonely block. */
    private void otherTenantsHoldAndReleaseBlocks() {
        for (int t = 0; t < 3; t++) {
            Api.Tenant other = tenant("team", 40);
            for (int i = 0; i < 12 + 9 * t; i++) {
                String pod = UUID.randomUUID().toString();
                Map<String, Object> request = Requests.allocation(pod);
                request.put("podName", "worker-" + i);
                assertThat(api.post(other.allocations(), other.token(), request).status())
                        .isEqualTo(201);
                if (i % 4 == 3) {
                    assertThat(api.delete(other.allocations() + "/" + pod, other.token())
                                    .status())
                            .isEqualTo(202);
                }
            }
        }
    }

    private Api.Tenant createTenantOnTheTenantsPage(String name) {
        browser.go("/dashboard/tenants");
        browser.find("#tenant-name").sendKeys(name);
        browser.find("#tenant-quota").sendKeys("5");
        browser.find("#create-tenant button[type=submit]").click();

        WebElement token = browser.waitFor("the new token is shown", driver -> browser.find("#new-token"));
        assertThat(token.getAttribute("data-tenant")).isEqualTo(name);
        assertThat(token.getText()).startsWith("uat_");
        assertThat(browser.find("#tenant-table tr[data-tenant='" + name + "']").getText())
                .contains(name);
        browser.screenshot("tenants");
        return new Api.Tenant(name, token.getText());
    }

    private void seeTheTenantHoldOneBlockOnTheOverview(Api.Tenant tenant) throws IOException {
        browser.go("/dashboard");
        String row = browser.waitFor(
                "the overview lists tenant " + tenant.name(),
                driver -> browser.text("#tenant-rows tr[data-tenant='" + tenant.name() + "']"));
        // Name, held, quota, usage: the browser's text of the row, whitespace between cells made one space.
        assertThat(row.replaceAll("\\s+", " ")).isEqualTo(tenant.name() + " 1 5 20 %");
        assertThat(Long.parseLong(browser.find("#state-held [data-field=count]").getText()))
                .isPositive();
        assertThat(Long.parseLong(browser.find("#allocations-last-minute").getText()))
                .isPositive();
        // This application runs without a relay, so the allocation's event waits in the outbox.
        assertThat(Long.parseLong(browser.find("#ops-backlog").getText()))
                .as("events waiting to be published")
                .isPositive();
        browser.waitFor(
                "the overview has refreshed itself once",
                driver -> browser.find("#updated").getText().startsWith("Updated"));

        // docs/dashboard.png is a copy of this screenshot, taken by hand: a test does not rewrite tracked files.
        browser.screenshot("overview");
    }

    private void lookUpTheHostIdOnTheAllocationsPage(long hostId, String podUid, Api.Tenant tenant) {
        browser.go("/dashboard/allocations");
        browser.find("#host-id").sendKeys(Long.toString(hostId));
        browser.find("#lookup-form button[type=submit]").click();

        WebElement holder = browser.waitFor(
                "the holders of host ID " + hostId + " are listed",
                driver -> browser.find("#holder-rows tr[data-pod-uid='" + podUid + "']"));
        assertThat(holder.getText()).contains("shop/checkout-0", tenant.name(), "still held");
        assertThat(browser.find("#host-result").getText()).contains("held", tenant.name());
        browser.screenshot("allocations-host-id");
    }

    private void pointAtTheBlockOnTheMap(long start, Api.Tenant tenant) {
        browser.go("/dashboard/blocks");
        WebElement map = browser.waitFor("the block map is drawn", driver -> browser.find("#block-map[data-columns]"));
        int size = Integer.parseInt(map.getAttribute("data-cell-size"));
        int columns = Integer.parseInt(map.getAttribute("data-columns"));
        long cell = (start - Long.parseLong(map.getAttribute("data-first")))
                / Long.parseLong(map.getAttribute("data-block-size"));

        browser.pointAt(map, (int) (cell % columns) * size + size / 2, (int) (cell / columns) * size + size / 2);

        String tooltip = browser.waitFor("the tooltip names the holder of block " + start, driver -> {
            String text = browser.find("#map-tooltip").getText();
            return text.contains("checkout-0") ? text : null;
        });
        assertThat(tooltip).contains("held", tenant.name(), "shop/checkout-0", "host IDs " + start + "–");
        assertThat(browser.find("#in-use-rows tr[data-first-host-id='" + start + "']")
                        .getText())
                .contains("held", tenant.name());
        browser.screenshot("block-map");
    }
}
