package com.speedmatch.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL of a test run: a Testcontainers PostgreSQL 17 where a Docker engine answers,
 * otherwise an embedded PostgreSQL 17 (real binaries, started once per JVM).
 */
public final class TestDatabase {

    public record Connection(String url, String username, String password, String kind) {}

    private static Connection connection;

    private TestDatabase() {}

    /**
     * Another database on the same server, for a test context that must not share rows (and
     * background jobs) with the main one.
     */
    public static synchronized Connection get(String database) {
        Connection main = get();
        try (var c = DriverManager.getConnection(main.url(), main.username(), main.password());
                var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                c.createStatement().execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + database, e);
        }
        String url = main.url().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        return new Connection(url, main.username(), main.password(), main.kind());
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = dockerAvailable() ? container() : embedded();
            System.out.println("Tests use " + connection.kind() + " PostgreSQL at " + connection.url());
        }
        return connection;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static Connection container() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        postgres.start();
        return new Connection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), "Testcontainers");
    }

    private static Connection embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .start();
            return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
