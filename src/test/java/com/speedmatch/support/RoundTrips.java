package com.speedmatch.support;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts what the request threads send to PostgreSQL: each statement, each commit or rollback,
 * and each switch into a transaction or a read-only one (the driver sends those too). Background
 * jobs run on other threads and are not counted. For the hot-path budget test (docs/architecture.md "Hot
 * paths"): run one request at a time.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RoundTrips {

    private final List<String> sent = new CopyOnWriteArrayList<>();

    /** Set while a test counts what its own thread sends (a background job called directly). */
    private static final ThreadLocal<Boolean> COUNTED = ThreadLocal.withInitial(() -> false);

    /** Runs {@code work} on this thread and counts what it sends, as if it were a request thread. */
    public <T> T onThisThread(Supplier<T> work) {
        COUNTED.set(true);
        try {
            return work.get();
        } finally {
            COUNTED.set(false);
        }
    }

    public void reset() {
        sent.clear();
    }

    /** What was sent since the last reset, in order. */
    public List<String> sent() {
        return List.copyOf(sent);
    }

    private static boolean requestThread() {
        return COUNTED.get() || Thread.currentThread().getName().contains("-exec-");
    }

    @Bean
    static BeanPostProcessor countingDataSource(ObjectProvider<RoundTrips> counter) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource dataSource)
                        || bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource) {
                    return bean;
                }
                return ProxyDataSourceBuilder.create(dataSource)
                        .afterQuery((execution, queries) -> {
                            if (requestThread()) {
                                queries.forEach(q -> counter.getObject().sent.add(q.getQuery()));
                            }
                        })
                        .afterMethod(execution -> {
                            String method = execution.getMethod().getName();
                            Object[] args = execution.getMethodArgs();
                            boolean roundTrip = method.equals("commit")
                                    || method.equals("rollback")
                                    || (method.equals("setReadOnly") && args != null && Boolean.TRUE.equals(args[0]))
                                    || (method.equals("setAutoCommit")
                                            && args != null
                                            && Boolean.FALSE.equals(args[0]));
                            if (roundTrip && requestThread()) {
                                counter.getObject().sent.add(method + (args == null ? "" : Arrays.toString(args)));
                            }
                        })
                        .build();
            }
        };
    }
}
