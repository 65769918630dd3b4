package com.speedmatch.support;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The controllable step of a race test: a row held under {@code FOR UPDATE} by the test's own
 * transaction, so that the application's transactions queue behind it in a known order, and a way
 * to see that they are queued (PostgreSQL reports them waiting on a lock).
 */
public final class RowLocks {

    private RowLocks() {}

    /** A transaction holding the rows the query selects, until {@link Held#close()}. */
    public static Held hold(DataSource dataSource, String selectForUpdate, Object... args) {
        try {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(selectForUpdate)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                statement.executeQuery().close();
            }
            return new Held(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (bounded) until at least {@code count} backends of this database wait on a lock. */
    public static void awaitWaiting(JdbcTemplate jdbc, int count) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> waiting(jdbc) >= count);
    }

    /** Waits (bounded) until a backend of this database waits on a lock in a statement that names {@code table}. */
    public static void awaitWaitingIn(JdbcTemplate jdbc, String table) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from pg_stat_activity
                                       where datname = current_database() and wait_event_type = 'Lock'
                                         and query ilike '%' || ? || '%')
                        """, Boolean.class, table)));
    }

    public static int waiting(JdbcTemplate jdbc) {
        Integer n = jdbc.queryForObject("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                """, Integer.class);
        return n == null ? 0 : n;
    }

    public static final class Held implements AutoCloseable {
        private final Connection connection;

        Held(Connection connection) {
            this.connection = connection;
        }

        /**
         * Runs one more statement in the holding transaction (it may wait for a lock, and fails when
         * PostgreSQL breaks a deadlock); returns the rows it changed.
         */
        public int execute(String sql, Object... args) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Commits what the holding transaction did and releases its locks; {@link #close()} then only closes. */
        public void commit() {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try (connection) {
                connection.rollback();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
