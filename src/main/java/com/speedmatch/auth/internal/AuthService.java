package com.speedmatch.auth.internal;

import com.speedmatch.auth.SignInsEnded;
import com.speedmatch.email.EmailVerification;
import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.shared.SecretTokens;
import com.speedmatch.shared.Unauthenticated;
import com.speedmatch.user.AccountStates;
import com.speedmatch.user.NewAccount;
import com.speedmatch.user.UserProfile;
import com.speedmatch.user.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import lombok.extern.slf4j.Slf4j;
import org.springframework.context.ApplicationEventPublisher;
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
    private final RateLimits limits;
    private final TransactionTemplate transaction;
    private final AccountStates accounts;
    private final SignInGuard signIns;
    private final EmailVerification verification;
    private final RateLimits.Limit registrationsPerAddress;
    private final ApplicationEventPublisher events;

    AuthService(
            UserService users,
            PasswordEncoder passwords,
            JwtService jwt,
            JwtProperties properties,
            RefreshTokenRepository refreshTokens,
            Clock clock,
            RateLimits limits,
            LimitProperties limitProperties,
            AccountStates accounts,
            SignInGuard signIns,
            EmailVerification verification,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events) {
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.limits = limits;
        this.accounts = accounts;
        this.signIns = signIns;
        this.verification = verification;
        this.registrationsPerAddress = new RateLimits.Limit(
                "registrations-per-address",
                limitProperties.registrationsPerAddress(),
                limitProperties.registrationWindow());
        this.users = users;
        this.passwords = passwords;
        this.jwt = jwt;
        this.properties = properties;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    /**
     * The limit is counted and the password hashed before the transaction: neither a slow limit
     * store nor bcrypt holds a connection. The verification link is mailed after commit.
     */
    TokenResponse register(AuthRequests.Register request, String clientAddress) {
        limits.consume(
                registrationsPerAddress, RateLimits.addressKey(clientAddress), "Too many sign-ups from your network");
        String passwordHash = passwords.encode(request.password());
        return transaction.execute(status -> {
            UserProfile user = users.register(new NewAccount(
                    request.email(),
                    passwordHash,
                    request.name(),
                    request.birthDate(),
                    request.gender(),
                    request.interestedIn(),
                    request.bio(),
                    request.interests()));
            verification.start(user.id());
            return issue(user.id(), UUID.randomUUID(), user, 0);
        });
    }

    /**
     * Signs in through {@link SignInGuard}: the failed sign-in limits are counted before the
     * password is checked, and the same answer comes for an unknown email and a wrong password.
     */
    // No transaction: the limits (Redis in cluster mode) and bcrypt hold no connection; each read and
    // the token's insert are short statements of their own.
    TokenResponse login(AuthRequests.Login request, String clientAddress) {
        UserService.Credentials account = signIns.signIn(
                        request.email(), request.password(), clientAddress, request.deviceToken())
                .orElseThrow(() -> new Unauthenticated(LOGIN_FAILED));
        accounts.restriction(account.userId()).ifPresent(refusal -> {
            throw refusal;
        });
        TokenResponse tokens = transaction.execute(status -> {
            users.lockForTokens(account.userId());
            endOldestSignIns(account.userId());
            return issue(
                    account.userId(), UUID.randomUUID(), users.profile(account.userId()), account.tokenGeneration());
        });
        return tokens.withDeviceToken(signIns.trustDevice(account.emailKey()));
    }

    /**
     * A user keeps at most {@code security.jwt.max-sign-ins} live sign-ins: one more ends the oldest,
     * whose refresh token is then refused (and whose push subscriptions end with it).
     */
    private void endOldestSignIns(long userId) {
        Instant now = clock.instant();
        List<UUID> live = refreshTokens.liveSignIns(userId, now);
        for (UUID oldest : live.subList(0, Math.max(0, live.size() - (properties.maxSignIns() - 1)))) {
            refreshTokens.revokeFamily(oldest, now);
            events.publishEvent(new SignInsEnded(userId, oldest, now));
        }
    }

    /**
     * Rotates a refresh token. The account's row is locked first, the lock a password reset takes:
     * a refresh either completes before a reset (whose revocation then sees its new token) or
     * starts after it (and finds its token revoked). A token from before the account's last
     * "sign out everywhere" is refused whatever its state.
     */
    @Transactional(noRollbackFor = Unauthenticated.class)
    TokenResponse refresh(AuthRequests.Refresh request) {
        Instant now = clock.instant();
        String hash = SecretTokens.sha256(request.refreshToken());
        long owner = refreshTokens
                .ownerOf(hash)
                .orElseThrow(() -> new Unauthenticated("The refresh token is not valid; sign in again"));
        UserService.TokenGeneration tokens = users.lockForTokens(owner);
        RefreshToken token = refreshTokens
                .findForUpdate(hash)
                .orElseThrow(() -> new Unauthenticated("The refresh token is not valid; sign in again"));
        if (token.wasRotated()) {
            int revoked = refreshTokens.revokeFamily(token.getFamilyId(), now);
            events.publishEvent(new SignInsEnded(token.getUserId(), token.getFamilyId(), now));
            log.warn("Refresh token reuse for user {}: revoked {} tokens of its family", token.getUserId(), revoked);
            throw new Unauthenticated("The refresh token was already used; sign in again");
        }
        if (!token.isUsable(now)
                || tokens.closed()
                || (tokens.validAfter() != null && token.getCreatedAt().isBefore(tokens.validAfter()))) {
            throw new Unauthenticated("The refresh token has expired or was revoked; sign in again");
        }
        accounts.restriction(token.getUserId()).ifPresent(refusal -> {
            throw refusal;
        });
        token.markUsed(now);
        return issue(token.getUserId(), token.getFamilyId(), users.profile(token.getUserId()), tokens.generation());
    }

    /** Ends the token's family; a token that is unknown or not the caller's changes nothing. */
    @Transactional
    void logout(long userId, AuthRequests.Refresh request) {
        String hash = SecretTokens.sha256(request.refreshToken());
        if (refreshTokens.ownerOf(hash).filter(owner -> owner == userId).isEmpty()) {
            return;
        }
        users.lockForTokens(userId);
        refreshTokens.findForUpdate(hash).ifPresent(token -> {
            refreshTokens.revokeFamily(token.getFamilyId(), clock.instant());
            events.publishEvent(new SignInsEnded(userId, token.getFamilyId(), clock.instant()));
        });
    }

    private TokenResponse issue(long userId, UUID family, UserProfile user, int generation) {
        String refreshToken = SecretTokens.newToken();
        Instant now = clock.instant();
        refreshTokens.save(new RefreshToken(
                userId, SecretTokens.sha256(refreshToken), family, now, now.plus(properties.refreshTokenTtl())));
        return new TokenResponse(
                jwt.issueAccessToken(userId, generation, family),
                refreshToken,
                "Bearer",
                jwt.accessTokenTtlSeconds(),
                user);
    }
}
