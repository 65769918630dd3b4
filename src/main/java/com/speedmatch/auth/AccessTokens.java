package com.speedmatch.auth;

import com.speedmatch.auth.internal.JwtService;
import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Unauthenticated;
import com.speedmatch.user.AccountStates;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;

/**
 * An access token checked as {@code Authorization: Bearer} checks it, for a caller that gets the
 * token some other way (the feed's WebSocket takes it in its first frame, since a browser cannot
 * set headers on an upgrade): a valid signature and expiry, and an account that may still act.
 */
@Component
@RequiredArgsConstructor
public class AccessTokens {

    /** Whose token it is and until when it holds. */
    public record Holder(long userId, int generation, Instant expiresAt, UUID signIn) {}

    private final JwtService jwt;
    private final AccountStates accounts;

    /**
     * The token's holder; otherwise the refusal a request with it would get (unauthenticated for a
     * token that does not verify or an account that is closed or signed out, refused for a ban or a
     * suspension, unavailable when the account cannot be read).
     */
    public Holder authenticate(String token) {
        JwtService.Verified verified = Optional.ofNullable(token)
                .flatMap(jwt::verifyAccessToken)
                .orElseThrow(() ->
                        new Unauthenticated("The access token is invalid or expired; refresh it or sign in again"));
        Optional<DomainException> refused = accounts.refusal(verified.userId(), verified.generation());
        if (refused.isPresent()) {
            throw refused.get();
        }
        return new Holder(verified.userId(), verified.generation(), verified.expiresAt(), verified.signIn());
    }

    /**
     * Why the holder's token is no longer accepted, apart from its expiry: the account was closed,
     * banned, suspended or signed out everywhere since it was checked.
     */
    public Optional<DomainException> refusal(Holder holder) {
        return accounts.refusal(holder.userId(), holder.generation());
    }
}
