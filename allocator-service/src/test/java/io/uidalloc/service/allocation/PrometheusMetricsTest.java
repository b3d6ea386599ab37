package io.uidalloc.service.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.uidalloc.service.support.Api;
import io.uidalloc.service.support.IntegrationTest;
import io.uidalloc.service.support.PrometheusText;
import io.uidalloc.service.support.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /actuator/prometheus} after a scripted sequence. Counters and pool gauges are shared with the other tests of
 * the same application, so they are compared before and after; the tenant's own gauges are compared exactly.
 */
class PrometheusMetricsTest extends IntegrationTest {

    private static final String PROMETHEUS = "/actuator/prometheus";

    @Autowired
    private PoolGauges gauges;

    @Test
    void allocationsRefusalsAndReleasesShowAsCountersGaugesAndATimer() {
        PrometheusText before = scrape();
        Api.Tenant tenant = tenant("metrics", 3);

        List<String> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(UUID.randomUUID().toString());
            assertThat(api.post(tenant.allocations(), tenant.token(), Requests.allocation(pods.get(i)))
                            .status())
                    .isEqualTo(201);
        }
        Api.Response refused = api.post(
                tenant.allocations(),
                tenant.token(),
                Requests.allocation(UUID.randomUUID().toString()));
        Api.Response released = api.delete(tenant.allocations() + "/" + pods.get(0), tenant.token());
        PrometheusText after = scrape();

        assertThat(refused.status()).isEqualTo(409);
        assertThat(released.status()).isEqualTo(202);
        assertThat(increase(before, after, "uidalloc_allocations_total{outcome=\"created\"}"))
                .isEqualTo(3);
        assertThat(increase(before, after, "uidalloc_allocations_total{outcome=\"quota_exceeded\"}"))
                .isEqualTo(1);
        assertThat(increase(before, after, "uidalloc_allocations_total{outcome=\"repeated\"}"))
                .isZero();
        assertThat(increase(before, after, "uidalloc_releases_total{outcome=\"released\"}"))
                .isEqualTo(1);
        assertThat(increase(before, after, "uidalloc_allocation_seconds_count{outcome=\"created\"}"))
                .isEqualTo(3);
        assertThat(after.count("uidalloc_allocation_seconds_bucket{")).isPositive();
        assertThat(increase(before, after, "uidalloc_blocks{state=\"held\"}")).isEqualTo(2);
        assertThat(increase(before, after, "uidalloc_blocks{state=\"quarantined\"}"))
                .isEqualTo(1);
        assertThat(after.value("uidalloc_tenant_blocks_used{tenant=\"" + tenant.name() + "\"}"))
                .isEqualTo(2);
        assertThat(after.value("uidalloc_tenant_blocks_quota{tenant=\"" + tenant.name() + "\"}"))
                .isEqualTo(3);
    }

    @Test
    void prometheusNeedsTheAdminTokenWhileHealthStaysPublic() {
        Api.Tenant tenant = tenant("scraper", 1);

        assertThat(api.getText(PROMETHEUS, null).status()).isEqualTo(401);
        assertThat(api.getText(PROMETHEUS, "wrong-token").status()).isEqualTo(401);
        assertThat(api.getText(PROMETHEUS, tenant.token()).status()).isEqualTo(403);
        assertThat(api.getText(PROMETHEUS, ADMIN_TOKEN).status()).isEqualTo(200);
        assertThat(api.getText("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(api.getText("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    /** Refreshes the pool gauges as their schedule would, then scrapes. */
    private PrometheusText scrape() {
        gauges.refresh();
        Api.TextResponse response = api.getText(PROMETHEUS, ADMIN_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private static double increase(PrometheusText before, PrometheusText after, String series) {
        return after.value(series) - (before.has(series) ? before.value(series) : 0);
    }
}
