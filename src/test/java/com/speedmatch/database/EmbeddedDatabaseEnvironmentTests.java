package com.speedmatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The zero-configuration database keeps real accounts: it must survive a crash intact. */
class EmbeddedDatabaseEnvironmentTests {

    @Test
    void theEmbeddedDefaultWritesDurably(@TempDir Path dataDir) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("speedmatch.data-dir", dataDir.toString())));
        new EmbeddedDatabaseEnvironment(new DeferredLogs()).postProcessEnvironment(environment, null);

        try (var connection =
                DriverManager.getConnection(environment.getProperty("spring.datasource.url"), "postgres", "")) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rs = connection.createStatement().executeQuery("show " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
        assertThat(environment.getProperty("security.jwt.secret")).hasSizeGreaterThan(32);
    }
}
