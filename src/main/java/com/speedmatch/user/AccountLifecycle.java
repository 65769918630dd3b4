package com.speedmatch.user;

import com.speedmatch.shared.Refused;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What ends, restricts or re-keys an account: closing it, a moderator's warning, suspension, ban
 * and lift, a new password. Each publishes {@link AccountEvents}: the pool and the calls let the
 * user go, and every instance drops what it cached of the account.
 */
@Service
@RequiredArgsConstructor
public class AccountLifecycle {

    private final UserService users;
    private final Clock clock;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate jdbc;

    /**
     * Closes the caller's account, in one transaction, after checking the password: profile and
     * preferences erased, ratings given deleted, matches removed, open session and live call
     * ended (the other user returns to the pool), refresh tokens revoked; an access token of the
     * account is refused from the next request on. What stays, pseudonymized: reports and
     * moderation decisions about the user, and the calls and decisions others took part in.
     */
    @Transactional
    public void closeAccount(long userId, String password) {
        User user = users.find(userId);
        if (user.getDeletedAt() != null || !passwords.matches(password, user.getPasswordHash())) {
            throw new Refused("Wrong password", "The password does not match; the account stays");
        }
        Instant now = clock.instant();
        events.publishEvent(new AccountEvents.Restricted(userId, now));
        events.publishEvent(new AccountEvents.Closed(userId, now));
        user.close(now);
        jdbc.update("update users set deleted_at = ?, tokens_valid_after = ? where id = ?", Timestamp.from(now),
                Timestamp.from(now), userId);
        events.publishEvent(new AccountEvents.Changed(userId, clock.instant()));
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
        events.publishEvent(new AccountEvents.Restricted(userId, now));
        events.publishEvent(new AccountEvents.Changed(userId, clock.instant()));
    }

    /** A new password hash; every access token issued before now is refused from the next request on. */
    @Transactional
    public void changePassword(long userId, String passwordHash) {
        users.find(userId);
        jdbc.update("update users set password_hash = ?, tokens_valid_after = ?, updated_at = ? where id = ?", passwordHash,
                Timestamp.from(clock.instant()), Timestamp.from(clock.instant()), userId);
        events.publishEvent(new AccountEvents.Changed(userId, clock.instant()));
    }

    /** Lifts a suspension or a ban. */
    @Transactional
    public void lift(long userId) {
        users.find(userId);
        jdbc.update("update users set suspended_until = null, banned_at = null where id = ?", userId);
        events.publishEvent(new AccountEvents.Changed(userId, clock.instant()));
    }

    /** A moderator's warning, shown to the user once (on their next GET /api/users/me). */
    @Transactional
    public void warn(long userId, String text) {
        users.find(userId);
        jdbc.update("update users set warning = ?, warning_shown_at = null where id = ?", text, userId);
    }

}
