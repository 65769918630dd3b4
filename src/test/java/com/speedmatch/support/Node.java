package com.speedmatch.support;

import com.speedmatch.Application;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of the application, started in this JVM on ports of its own, for tests that need
 * several instances (cluster mode) or one that a test can stop. Instances started together share
 * the test's clock.
 */
public final class Node implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    public final Api api;
    public final Api management;

    private Node(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new Api("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
        this.management = new Api("http://localhost:" + context.getEnvironment().getProperty("local.management.port"));
    }

    /** An instance on {@code database} with the shared {@code clock} and these extra properties. */
    public static Node start(String database, MutableClock clock, String... properties) {
        return start(TestDatabase.get(database), clock, properties);
    }

    /** An instance on the database at {@code db} (a proxy in front of it, say) with this clock and these properties. */
    public static Node start(TestDatabase.Connection db, MutableClock clock, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "management.server.port=0",
                "spring.datasource.url=" + db.url(),
                "spring.datasource.username=" + db.username(),
                "spring.datasource.password=" + db.password(),
                "spring.main.allow-bean-definition-overriding=true"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .profiles("test")
                .initializers(c -> c.getBeanFactory().registerSingleton("sharedTestClock", clock))
                // As arguments, not default properties: those lose to application.yml.
                .run(all.stream().map(p -> "--" + p).toArray(String[]::new));
        return new Node(context);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public boolean isRunning() {
        return context.isActive();
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }
}
