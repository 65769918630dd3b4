package com.speedmatch.email;

import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.SecretTokens;
import com.speedmatch.user.AccountClosed;
import com.speedmatch.user.UserService;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Is this address yours?": a single-use link, valid 24 hours, mailed at registration and on
 * request ({@code limits.verification-mails-per-account} an hour). The token is random and
 * stored only as its SHA-256, beside the address it was mailed to: it verifies that address and no
 * later one. Using one retires every other link of the account.
 */
@Service
public class EmailVerification {

    static final Duration VALID_FOR = Duration.ofHours(24);

    private final UserService users;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final RateLimits limits;
    private final RateLimits.Limit perAccount;
    private final Clock clock;
    private final String publicUrl;
    private final MailSeal seal;

    EmailVerification(
            UserService users,
            JdbcTemplate jdbc,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            RateLimits limits,
            LimitProperties limitProperties,
            Clock clock,
            @Value("${speedmatch.public-url:http://localhost:8080}") String publicUrl,
            MailSeal seal) {
        this.seal = seal;
        this.users = users;
        this.jdbc = jdbc;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.limits = limits;
        this.perAccount = new RateLimits.Limit(
                "verification-mails-per-account",
                limitProperties.verificationMailsPerAccount(),
                limitProperties.verificationMailWindow());
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /** Stores a link for the account's current address and mails it after commit; part of the caller's transaction. */
    @Transactional
    public void start(long userId) {
        users.unverified(userId).ifPresent(account -> {
            String token = SecretTokens.newToken();
            Instant now = clock.instant();
            jdbc.update(
                    """
                    insert into email_verifications (user_id, token_hash, email_key, created_at, expires_at)
                    values (?, ?, ?, ?, ?)
                    """,
                    userId,
                    SecretTokens.sha256(token),
                    account.emailKey(),
                    Timestamp.from(now),
                    Timestamp.from(now.plus(VALID_FOR)));
            events.publishEvent(AccountMail.verification(account.email(), seal.seal(publicUrl + "/#verify=" + token)));
        });
    }

    /** Another link, counted before the transaction; nothing is mailed once the address is verified. */
    public void resend(long userId) {
        limits.consume(perAccount, String.valueOf(userId), "Too many verification mails for this account");
        transaction.executeWithoutResult(status -> start(userId));
    }

    /** Verifies the address the link was mailed to, once, within 24 h, if the account still has it. */
    @Transactional
    public void verify(String token) {
        Instant now = clock.instant();
        var used = jdbc.query(
                """
                update email_verifications set used_at = ?
                where token_hash = ? and used_at is null and expires_at > ?
                returning user_id, email_key
                """,
                (rs, row) -> new Object[] {rs.getLong(1), rs.getString(2)},
                Timestamp.from(now),
                SecretTokens.sha256(token),
                Timestamp.from(now));
        if (used.isEmpty() || !users.markEmailVerified((Long) used.get(0)[0], (String) used.get(0)[1])) {
            throw new Invalid(
                    "Invalid verification link",
                    "This verification link is invalid, used or expired, or the account's email changed; ask for a new one");
        }
        jdbc.update(
                "update email_verifications set used_at = ? where user_id = ? and used_at is null",
                Timestamp.from(now),
                used.get(0)[0]);
    }

    /** A closed account keeps no verification link, in the transaction that closes it. */
    @EventListener
    void accountClosed(AccountClosed closed) {
        jdbc.update("delete from email_verifications where user_id = ?", closed.userId());
    }
}
