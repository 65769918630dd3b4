package com.speedmatch.auth;

import com.speedmatch.shared.Unauthenticated;
import com.speedmatch.shared.Invalid;
import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.user.AccountStates;
import com.speedmatch.user.NewAccount;
import com.speedmatch.user.UserProfile;
import com.speedmatch.user.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.extern.slf4j.Slf4j;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-up, sign-in and the refresh-token life cycle. Refresh tokens are random, stored hashed and
 * rotated on every use; presenting one that was already rotated is taken as theft and revokes its
 * whole family, so both the thief and the victim must sign in again.
 */
@Slf4j
@Service
class AuthService {

    private static final String LOGIN_FAILED = "Email or password is incorrect";

    private final UserService users;
    private final PasswordEncoder passwords;
    private final JwtService jwt;
    private final JwtProperties properties;
    private final RefreshTokenRepository refreshTokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;
    private final RateLimits limits;
    private final TransactionTemplate transaction;
    private final AccountStates accounts;
    private final RateLimits.Limit failedLoginsPerEmail;
    private final RateLimits.Limit failedLoginsPerAddress;
    private final RateLimits.Limit registrationsPerAddress;

    AuthService(UserService users, PasswordEncoder passwords, JwtService jwt, JwtProperties properties,
            RefreshTokenRepository refreshTokens, Clock clock, RateLimits limits, LimitProperties limitProperties,
            AccountStates accounts, PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.limits = limits;
        this.accounts = accounts;
        this.failedLoginsPerEmail = new RateLimits.Limit("failed-logins-per-email",
                limitProperties.failedLoginsPerEmail(), limitProperties.failedLoginWindow());
        this.failedLoginsPerAddress = new RateLimits.Limit("failed-logins-per-address",
                limitProperties.failedLoginsPerAddress(), limitProperties.failedLoginWindow());
        this.registrationsPerAddress = new RateLimits.Limit("registrations-per-address",
                limitProperties.registrationsPerAddress(), limitProperties.registrationWindow());
        this.users = users;
        this.passwords = passwords;
        this.jwt = jwt;
        this.properties = properties;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
        this.dummyHash = passwords.encode("an unknown user's password");
    }

    /** The limit is counted before the transaction: a slow limit store never holds a connection. */
    TokenResponse register(AuthRequests.Register request, String clientAddress) {
        limits.consume(registrationsPerAddress, clientAddress, "Too many sign-ups from your network");
        return transaction.execute(status -> registered(request));
    }

    private TokenResponse registered(AuthRequests.Register request) {
        UserProfile user = users.register(new NewAccount(request.email(), passwords.encode(request.password()),
                request.name(), request.birthDate(), request.gender(), request.interestedIn(), request.bio(),
                request.interests()));
        return issue(user.id(), UUID.randomUUID(), user);
    }

    /**
     * Past {@code limits.failed-logins-per-email} failures for one email, or
     * {@code limits.failed-logins-per-address} from one client address, within the window, every
     * attempt is refused with a 429 before the password is even checked: guessing stops being
     * worth it, and the same answer comes for unknown and known emails.
     */
    // No transaction: the limits (Redis in cluster mode) and bcrypt hold no connection; each read and
    // the token's insert are short statements of their own.
    TokenResponse login(AuthRequests.Login request, String clientAddress) {
        String email = request.email().trim().toLowerCase(java.util.Locale.ROOT);
        limits.requireAvailable(failedLoginsPerEmail, email, "Too many failed sign-ins for this email");
        limits.requireAvailable(failedLoginsPerAddress, clientAddress, "Too many failed sign-ins from your network");
        var credentials = users.credentials(request.email());
        // The same work and the same answer whether the address is unknown or the password wrong.
        boolean matches = passwords.matches(request.password(), credentials.map(UserService.Credentials::passwordHash).orElse(dummyHash));
        if (credentials.isEmpty() || !matches) {
            limits.record(failedLoginsPerEmail, email);
            limits.record(failedLoginsPerAddress, clientAddress);
            throw new Unauthenticated(LOGIN_FAILED);
        }
        long userId = credentials.get().userId();
        accounts.restriction(userId).ifPresent(refusal -> {
            throw refusal;
        });
        return issue(userId, UUID.randomUUID(), users.profile(userId));
    }

    @Transactional(noRollbackFor = Unauthenticated.class)
    TokenResponse refresh(AuthRequests.Refresh request) {
        Instant now = clock.instant();
        RefreshToken token = refreshTokens.findForUpdate(hash(request.refreshToken()))
                .orElseThrow(() -> new Unauthenticated("The refresh token is not valid; sign in again"));
        if (token.wasRotated()) {
            int revoked = refreshTokens.revokeFamily(token.getFamilyId(), now);
            log.warn("Refresh token reuse for user {}: revoked {} tokens of its family", token.getUserId(), revoked);
            throw new Unauthenticated("The refresh token was already used; sign in again");
        }
        if (!token.isUsable(now)) {
            throw new Unauthenticated("The refresh token has expired or was revoked; sign in again");
        }
        accounts.refusal(token.getUserId(), now).ifPresent(refusal -> {
            throw refusal;
        });
        token.markUsed(now);
        return issue(token.getUserId(), token.getFamilyId(), users.profile(token.getUserId()));
    }

    /** Ends the token's family; a token that is unknown or not the caller's changes nothing. */
    @Transactional
    void logout(long userId, AuthRequests.Refresh request) {
        refreshTokens.findForUpdate(hash(request.refreshToken()))
                .filter(token -> token.getUserId() == userId)
                .ifPresent(token -> refreshTokens.revokeFamily(token.getFamilyId(), clock.instant()));
    }

    private TokenResponse issue(long userId, UUID family, UserProfile user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        refreshTokens.save(new RefreshToken(userId, hash(refreshToken), family, now, now.plus(properties.refreshTokenTtl())));
        return new TokenResponse(jwt.issueAccessToken(userId), refreshToken, "Bearer", jwt.accessTokenTtlSeconds(), user);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
