package com.speedmatch.auth;

import com.speedmatch.platform.AfterCommit;
import com.speedmatch.platform.ApiException;
import com.speedmatch.platform.LimitProperties;
import com.speedmatch.platform.RateLimits;
import com.speedmatch.user.UserService;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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
    private final PasswordEncoder passwords;
    private final RefreshTokenRepository refreshTokens;
    private final JdbcTemplate jdbc;
    private final ObjectProvider<JavaMailSender> mail;
    private final RateLimits limits;
    private final RateLimits.Limit perEmail;
    private final Clock clock;
    private final String publicUrl;
    private final String from;
    private final SecureRandom random = new SecureRandom();

    PasswordReset(UserService users, PasswordEncoder passwords, RefreshTokenRepository refreshTokens, JdbcTemplate jdbc,
            ObjectProvider<JavaMailSender> mail, RateLimits limits, LimitProperties limitProperties, Clock clock,
            @Value("${speedmatch.public-url:http://localhost:8080}") String publicUrl,
            @Value("${speedmatch.mail-from:SpeedMatch <no-reply@speedmatch.invalid>}") String from) {
        this.users = users;
        this.passwords = passwords;
        this.refreshTokens = refreshTokens;
        this.jdbc = jdbc;
        this.mail = mail;
        this.limits = limits;
        this.perEmail = new RateLimits.Limit("password-resets-per-email", limitProperties.passwordResetsPerEmail(),
                limitProperties.passwordResetWindow());
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.from = from;
    }

    /** Mails a reset link if the address has an account; the answer is the same either way. */
    @Transactional
    void request(String email) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        limits.consume(perEmail, address, "Too many password reset requests for this email");
        users.credentials(address).ifPresent(account -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Instant now = clock.instant();
            jdbc.update("insert into password_reset_tokens (user_id, token_hash, created_at, expires_at) values (?, ?, ?, ?)",
                    account.userId(), AuthService.hash(token), Timestamp.from(now), Timestamp.from(now.plus(VALID_FOR)));
            String link = publicUrl + "/#reset=" + token;
            AfterCommit.run(() -> send(address, link));
        });
    }

    /** Sets the new password with a valid token (once), and signs the account out everywhere. */
    @Transactional
    void confirm(String token, String newPassword) {
        if (newPassword.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Validation failed", "Invalid new_password: at most 72 bytes",
                    Map.of("errors", List.of(Map.of("field", "new_password", "message", "must be at most 72 bytes in UTF-8"))));
        }
        Instant now = clock.instant();
        Long userId = jdbc.query("""
                update password_reset_tokens set used_at = ?
                where token_hash = ? and used_at is null and expires_at > ?
                returning user_id
                """, rs -> rs.next() ? rs.getLong(1) : null, Timestamp.from(now), AuthService.hash(token), Timestamp.from(now));
        if (userId == null) {
            throw ApiException.badRequest("Invalid reset link", "This reset link is invalid, used or expired; ask for a new one");
        }
        users.changePassword(userId, passwords.encode(newPassword));
        refreshTokens.revokeAllOf(userId, now);
    }

    private void send(String to, String link) {
        String text = "Someone (hopefully you) asked to reset your SpeedMatch password.\n\n"
                + "Choose a new one here, within 30 minutes:\n" + link + "\n\n"
                + "If it was not you, ignore this mail: your password stays as it is.";
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.info("No mail server configured (spring.mail.host); the password reset mail for {} would say:\n{}", to, text);
            return;
        }
        try {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(to);
            message.setSubject("Reset your SpeedMatch password");
            message.setText(text);
            sender.send(message);
        } catch (RuntimeException e) {
            log.warn("Password reset mail not sent: {}", e.getMessage());
        }
    }
}
