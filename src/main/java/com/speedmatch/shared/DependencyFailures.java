package com.speedmatch.shared;

import io.github.bucket4j.TimeoutException;
import io.lettuce.core.RedisException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.TransactionException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * Tells a failure of what the service depends on (PostgreSQL, or Redis in cluster mode: down,
 * unreachable, restarting, out of connections, too slow) from a bug: the first is a 503 the client
 * retries, the second stays a 500.
 */
public final class DependencyFailures {

    private DependencyFailures() {}

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof JDBCConnectionException
                    // A commit or rollback that failed: the connection broke under the transaction.
                    || cause instanceof TransactionException
                    || cause instanceof TransactionSystemException
                    // Past the transaction's deadline (spring.transaction.default-timeout): too slow now.
                    || cause instanceof TransactionTimedOutException
                    || cause instanceof RedisSystemException
                    || cause instanceof RedisException
                    // A rate-limit bucket in Redis that did not answer in time.
                    || cause instanceof TimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && unavailableState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL's SQLSTATE classes for "not now": 08 connection exception, 53 insufficient
     * resources, 57P01-57P03 shutdown and cannot-connect-now, 40001/40P01 serialization and deadlock,
     * 55P03 a lock not had within {@code lock_timeout}, 57014 a statement cancelled at
     * {@code statement_timeout}.
     */
    private static boolean unavailableState(String state) {
        return state != null
                && (state.startsWith("08")
                        || state.startsWith("53")
                        || state.startsWith("57P")
                        || state.equals("40001")
                        || state.equals("40P01")
                        || state.equals("55P03")
                        || state.equals("57014"));
    }
}
