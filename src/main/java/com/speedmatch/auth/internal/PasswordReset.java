package com.speedmatch.auth.internal;

import com.speedmatch.auth.SignInsEnded;
import com.speedmatch.email.AccountMail;
import com.speedmatch.email.MailSeal;
import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.shared.Emails;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.SecretTokens;
import com.speedmatch.user.AccountLifecycle;
import com.speedmatch.user.UserService;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Forgot my password": a single-use link, valid 30 minutes, mailed to the account's address. The
 * token is random and stored only as its SHA-256. Asking for one always answers the same, so the
 * call tells nobody whether an address has an account. Using one sets the new password and signs
 * the account out everywhere (every refresh token revoked, every access token refused).
 *
 * <p>Without {@code spring.mail.host} (the embedded default) the mail is written to the log, so a
 * developer can follow the link.
 */
@Slf4j
@Service
class PasswordReset {

    static final Duration VALID_FOR = Duration.ofMinutes(30);

    private final UserService users;
    private final AccountLifecycle accounts;
    private final PasswordEncoder passwords;
    private final RefreshTokenRepository refreshTokens;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final RateLimits limits;
    private final RateLimits.Limit perEmail;
    private final Clock clock;
    private final String publicUrl;
    private final SignInGuard signIns;
    private final MailSeal seal;

    PasswordReset(
            UserService users,
            AccountLifecycle accounts,
            PasswordEncoder passwords,
            RefreshTokenRepository refreshTokens,
            JdbcTemplate jdbc,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            RateLimits limits,
            LimitProperties limitProperties,
            Clock clock,
            @Value("${speedmatch.public-url:http://localhost:8080}") String publicUrl,
            SignInGuard signIns,
            MailSeal seal) {
        this.signIns = signIns;
        this.seal = seal;
        this.users = users;
        this.accounts = accounts;
        this.passwords = passwords;
        this.refreshTokens = refreshTokens;
        this.jdbc = jdbc;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.limits = limits;
        this.perEmail = new RateLimits.Limit(
                "password-resets-per-email",
                limitProperties.passwordResetsPerEmail(),
                limitProperties.passwordResetWindow());
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /**
     * Mails a reset link if the address has an account; the answer is the same either way, in the
     * same time: the mail goes out after commit, off the request.
     */
    void request(String email) {
        // Counted before the transaction: a slow limit store never holds a connection.
        limits.consume(perEmail, Emails.key(email), "Too many password reset requests for this email");
        transaction.executeWithoutResult(status -> users.credentials(email).ifPresent(account -> {
            String token = SecretTokens.newToken();
            Instant now = clock.instant();
            jdbc.update(
                    "insert into password_reset_tokens (user_id, token_hash, created_at, expires_at) values (?, ?, ?, ?)",
                    account.userId(),
                    SecretTokens.sha256(token),
                    Timestamp.from(now),
                    Timestamp.from(now.plus(VALID_FOR)));
            events.publishEvent(AccountMail.reset(account.email(), seal.seal(publicUrl + "/#reset=" + token)));
        }));
    }

    /**
     * Sets the new password with a valid token (once), and signs the account out everywhere: the
     * account's row is locked (the lock a refresh takes before it issues), the tokens' generation
     * raised, every refresh token revoked, and every other reset link of the account retired. The
     * new password is hashed before the transaction: bcrypt holds no connection.
     */
    void confirm(String token, String newPassword) {
        String passwordHash = passwords.encode(newPassword);
        long userId = transaction.execute(status -> confirmed(token, passwordHash));
        // The owner took the account back: strangers' failed sign-ins no longer count against it.
        users.credentials(userId).ifPresent(account -> signIns.clearFailures(account.emailKey()));
    }

    private long confirmed(String token, String passwordHash) {
        Instant now = clock.instant();
        Long userId = jdbc.query(
                """
                update password_reset_tokens set used_at = ?
                where token_hash = ? and used_at is null and expires_at > ?
                returning user_id
                """,
                rs -> rs.next() ? rs.getLong(1) : null,
                Timestamp.from(now),
                SecretTokens.sha256(token),
                Timestamp.from(now));
        if (userId == null) {
            throw new Invalid("Invalid reset link", "This reset link is invalid, used or expired; ask for a new one");
        }
        accounts.changePassword(userId, passwordHash);
        refreshTokens.revokeAllOf(userId, now);
        events.publishEvent(SignInsEnded.all(userId, now));
        jdbc.update(
                "update password_reset_tokens set used_at = ? where user_id = ? and used_at is null",
                Timestamp.from(now),
                userId);
        return userId;
    }
}
