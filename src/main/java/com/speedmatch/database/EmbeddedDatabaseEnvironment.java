package com.speedmatch.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The zero-configuration default: when no {@code spring.datasource.url} is configured, start a real
 * PostgreSQL (embedded binaries from Maven Central) whose data lives under {@code ./data/postgres},
 * and a JWT secret generated once and kept in {@code ./data/jwt-secret}. Both survive a restart.
 *
 * <p>The JDBC URL is handed to the ordinary HikariCP pool; the library's own DataSource opens a
 * connection per query.
 */
public class EmbeddedDatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "speedmatchEmbeddedDatabase";
    static final String EMBEDDED_FLAG = "speedmatch.database.embedded";

    private static volatile EmbeddedPostgres running;

    private final Log log;

    public EmbeddedDatabaseEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedDatabaseEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))
                || !environment.getProperty(EMBEDDED_FLAG, Boolean.class, true)) {
            return;
        }
        Path dataDir =
                Path.of(environment.getProperty("speedmatch.data-dir", "data")).toAbsolutePath();
        Map<String, Object> properties = new HashMap<>();
        EmbeddedPostgres postgres = start(dataDir.resolve("postgres"));
        properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put(EMBEDDED_FLAG, "true");
        if (!StringUtils.hasText(environment.getProperty("security.jwt.secret"))) {
            properties.put("security.jwt.secret", secretKeptIn(dataDir.resolve("jwt-secret")));
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        log.info("Started embedded PostgreSQL on port " + postgres.getPort() + " with data in "
                + dataDir.resolve("postgres"));
    }

    private EmbeddedPostgres start(Path pgData) {
        // One database server per JVM, whatever the number of application contexts started in it.
        synchronized (EmbeddedDatabaseEnvironment.class) {
            if (running != null) {
                return running;
            }
            if (EmbeddedDatabaseEnvironment.class.getClassLoader().getResource("postgres-linux-x86_64.txz") == null
                    && EmbeddedDatabaseEnvironment.class.getClassLoader().getResource("postgres-linux-arm_64.txz")
                            == null
                    && EmbeddedDatabaseEnvironment.class.getClassLoader().getResource("postgres-darwin-x86_64.txz")
                            == null
                    && EmbeddedDatabaseEnvironment.class.getClassLoader().getResource("postgres-darwin-arm_64.txz")
                            == null) {
                throw new IllegalStateException("This build carries no embedded PostgreSQL (the runnable jar is for a "
                        + "configured database): set SPRING_DATASOURCE_URL, or start it with ./mvnw spring-boot:run");
            }
            if ("root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException(
                        "PostgreSQL refuses to run as root: start SpeedMatch as an ordinary user, "
                                + "or set SPRING_DATASOURCE_URL (and SECURITY_JWT_SECRET) to use an existing PostgreSQL server");
            }
            try {
                Files.createDirectories(pgData.getParent());
                running = EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        .setServerConfig("max_connections", "100")
                        // The library turns these off for speed in tests; this database keeps real
                        // accounts across restarts, so a crash or power loss must not corrupt it.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setRegisterShutdownHook(true)
                        .start();
                return running;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + pgData, e);
            }
        }
    }

    private static String secretKeptIn(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getEncoder().encodeToString(bytes);
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the JWT secret in " + file, e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
