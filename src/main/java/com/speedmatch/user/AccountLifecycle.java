package com.speedmatch.user;

import com.speedmatch.shared.Refused;
import com.speedmatch.user.internal.User;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What ends, restricts or re-keys an account: closing it, a moderator's warning, suspension, ban
 * and lift, a new password. Each publishes {@link AccountRestricted}, {@link AccountClosed} or {@link AccountChanged}: the pool and the calls let the
 * user go, and every instance drops what it cached of the account.
 */
@Service
public class AccountLifecycle {

    private final UserService users;
    private final Clock clock;
    private final PasswordCheck passwordCheck;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    AccountLifecycle(
            UserService users,
            Clock clock,
            PasswordCheck passwordCheck,
            ApplicationEventPublisher events,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions) {
        this.users = users;
        this.clock = clock;
        this.passwordCheck = passwordCheck;
        this.events = events;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Closes the caller's account after checking the password (counted as a sign-in, outside any
     * transaction), then in one transaction: profile, preferences and what describes the person
     * erased (gender and whom they were interested in too), ratings given, decisions, call
     * quality reports and every token deleted, matches removed, open session and live call ended
     * (the other user returns to the pool); an access token of the account is refused from the
     * next request on. What stays, pseudonymized: reports and moderation decisions about the user,
     * and the calls and decisions others took part in.
     */
    public void closeAccount(long userId, String password, String clientAddress) {
        passwordCheck.verify(userId, password, clientAddress);
        transaction.executeWithoutResult(status -> close(userId));
    }

    private void close(long userId) {
        User user = users.find(userId);
        if (user.getDeletedAt() != null) {
            throw new Refused("Account closed", "This account is already closed");
        }
        Instant now = clock.instant();
        events.publishEvent(new AccountRestricted(userId, now));
        events.publishEvent(new AccountClosed(userId, now));
        user.close(now);
        jdbc.update("""
                update users set deleted_at = ?, tokens_valid_after = ?, token_generation = token_generation + 1,
                       email_verified_at = null, warning = null, warning_shown_at = null
                where id = ?
                """, Timestamp.from(now), Timestamp.from(now), userId);
        events.publishEvent(new AccountChanged(userId, clock.instant()));
    }

    /**
     * Suspends (until {@code until}) or bans the user, at once: out of the pool and any call, every
     * refresh token revoked, and every request of theirs refused with a 403 from the next one on,
     * on every instance.
     */
    @Transactional
    public void restrict(long userId, Instant until, boolean ban) {
        users.find(userId);
        Instant now = clock.instant();
        if (ban) {
            jdbc.update("update users set banned_at = ? where id = ?", Timestamp.from(now), userId);
        } else {
            jdbc.update("update users set suspended_until = ? where id = ?", Timestamp.from(until), userId);
        }
        events.publishEvent(new AccountRestricted(userId, now));
        events.publishEvent(new AccountChanged(userId, clock.instant()));
    }

    /**
     * A new password hash, and the next generation of tokens: every access token issued before is
     * refused from the next request on, on every instance. The update locks the row, the lock a
     * refresh takes before it issues, so no refresh slips a token in between.
     */
    @Transactional
    public void changePassword(long userId, String passwordHash) {
        users.find(userId);
        jdbc.update("""
                update users set password_hash = ?, tokens_valid_after = ?, updated_at = ?,
                       token_generation = token_generation + 1
                where id = ?
                """, passwordHash, Timestamp.from(clock.instant()), Timestamp.from(clock.instant()), userId);
        events.publishEvent(new AccountChanged(userId, clock.instant()));
    }

    /** Lifts a suspension or a ban. */
    @Transactional
    public void lift(long userId) {
        users.find(userId);
        jdbc.update("update users set suspended_until = null, banned_at = null where id = ?", userId);
        events.publishEvent(new AccountChanged(userId, clock.instant()));
    }

    /** A moderator's warning, shown to the user once (on their next GET /api/users/me). */
    @Transactional
    public void warn(long userId, String text) {
        users.find(userId);
        jdbc.update("update users set warning = ?, warning_shown_at = null where id = ?", text, userId);
    }
}
