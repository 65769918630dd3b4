package com.speedmatch.database;

import lombok.extern.slf4j.Slf4j;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/** One line at start that tells the operator which database this instance uses. */
@Slf4j
@Component
class DatabaseInUseLogger {

    private final ConfigurableEnvironment environment;

    DatabaseInUseLogger(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationStartedEvent.class)
    void logDatabase() {
        String url = environment.getProperty("spring.datasource.url", "");
        boolean embedded = environment.getProperty(EmbeddedDatabaseEnvironment.EMBEDDED_FLAG, Boolean.class, false)
                && environment.getPropertySources().contains(EmbeddedDatabaseEnvironment.PROPERTY_SOURCE);
        String withoutCredentials = url.replaceAll("(?i)(password|user)=[^&]*", "$1=***");
        if (embedded) {
            log.info("Database: embedded PostgreSQL with data under ./data/postgres ({})", withoutCredentials);
        } else {
            log.info("Database: {}", withoutCredentials);
        }
    }
}
