package io.uidalloc.service.support;

import io.uidalloc.service.UidallocApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running instance of the service, started by a test that needs more than the shared application: two instances
 * on one database, or one restarted with other settings.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Api api;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new Api(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    /** Starts an instance on a random port against the database, with extra settings in {@code properties}. */
    public static ServiceInstance start(TestDatabase.Coordinates database, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("server.port", 0);
        all.put("spring.datasource.url", database.url());
        all.put("spring.datasource.username", database.user());
        all.put("spring.datasource.password", database.password());
        all.put("uidalloc.admin-token", IntegrationTest.ADMIN_TOKEN);
        all.put("uidalloc.events.generate-signing-key", true);
        all.put("uidalloc.events.enabled", false);
        all.put("uidalloc.events.await-node-confirmation", false);
        all.putAll(properties);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(UidallocApplication.class)
                .properties(all)
                .run();
        return new ServiceInstance(context);
    }

    public Api api() {
        return api;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
