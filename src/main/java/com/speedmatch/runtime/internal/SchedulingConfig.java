package com.speedmatch.runtime.internal;

import com.speedmatch.shared.DependencyFailures;
import lombok.extern.slf4j.Slf4j;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scheduled jobs (call deadlines, stale sessions, presence) share a small pool
 * ({@code spring.task.scheduling.pool.size}), so one slow job never holds back auto-end. A job
 * that fails because the database is away logs one line and runs again at its next time.
 */
@Slf4j
@Configuration(proxyBeanMethods = false)
class SchedulingConfig {

    @Bean
    ThreadPoolTaskSchedulerCustomizer failedJobsAreLogged() {
        return scheduler -> scheduler.setErrorHandler(failure -> {
            if (DependencyFailures.isUnavailable(failure)) {
                log.warn("Scheduled job skipped, a dependency is unavailable: {}", failure.getMessage());
            } else {
                log.error("Scheduled job failed; it runs again at its next time", failure);
            }
        });
    }
}
