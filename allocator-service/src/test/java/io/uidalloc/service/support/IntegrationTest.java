package io.uidalloc.service.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole service on a random port against a real PostgreSQL of its own. Test classes
 * with the same settings share one application and one database, so each test makes its own tenants.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "uidalloc.admin-token=" + IntegrationTest.ADMIN_TOKEN,
            "uidalloc.events.generate-signing-key=true",
            // The allocator core's tests run without Kafka and without node clients; the event tests turn both on.
            "uidalloc.events.enabled=false",
            "uidalloc.events.await-node-confirmation=false"
        })
@Import(TestClockConfiguration.class)
public abstract class IntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    @LocalServerPort
    private int port;

    @Autowired
    protected MutableClock clock;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Coordinates database = TestDatabase.createDatabase();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    protected Api.Tenant tenant(String prefix, int quota) {
        return api.createTenant(ADMIN_TOKEN, prefix, quota);
    }
}
