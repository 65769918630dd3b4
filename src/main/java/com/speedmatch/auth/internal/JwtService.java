package com.speedmatch.auth.internal;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Component;

/**
 * Access tokens: HS256 only, a key of at least 256 bits, {@code exp} and the issuer required, and a
 * {@code typ} claim of {@code access} so that nothing else signed with the key passes as one.
 */
@Component
public class JwtService {

    static final String TYPE_CLAIM = "typ";
    static final String ACCESS = "access";
    /** The account's token generation when the token was issued; a lower one than the account's is refused. */
    static final String GENERATION_CLAIM = "gen";
    /** The sign-in (refresh token family) the token was issued to. */
    static final String SIGN_IN_CLAIM = "sid";

    private final SecretKey key;
    private final JwtParser parser;
    private final JwtProperties properties;
    private final Clock clock;

    JwtService(JwtProperties properties, Clock clock) {
        byte[] secret = properties.secret().getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            throw new IllegalStateException("security.jwt.secret must be at least 32 bytes (256 bits) long");
        }
        this.key = Keys.hmacShaKeyFor(secret);
        this.properties = properties;
        this.clock = clock;
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(properties.issuer())
                .require(TYPE_CLAIM, ACCESS)
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    /** An access token of the sign-in {@code signIn} (its refresh tokens' family). */
    String issueAccessToken(long userId, int generation, UUID signIn) {
        Instant now = clock.instant();
        return Jwts.builder()
                .header()
                .add("typ", "JWT")
                .and()
                .issuer(properties.issuer())
                .subject(Long.toString(userId))
                .id(UUID.randomUUID().toString())
                .claim(TYPE_CLAIM, ACCESS)
                .claim(GENERATION_CLAIM, generation)
                .claim(SIGN_IN_CLAIM, signIn.toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(properties.accessTokenTtl())))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    long accessTokenTtlSeconds() {
        return properties.accessTokenTtl().toSeconds();
    }

    /** The user of a valid access token, and when it was issued. */
    public record Verified(long userId, Instant issuedAt, int generation, Instant expiresAt, UUID signIn) {}

    /** The user id of a valid access token; empty for anything else, whatever the reason. */
    public Optional<Verified> verifyAccessToken(String token) {
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            if (!Jwts.SIG.HS256.getId().equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            if (claims.getExpiration() == null || claims.getSubject() == null || claims.getIssuedAt() == null) {
                return Optional.empty();
            }
            Integer generation = claims.get(GENERATION_CLAIM, Integer.class);
            if (generation == null) {
                return Optional.empty();
            }
            String signIn = claims.get(SIGN_IN_CLAIM, String.class);
            return Optional.of(new Verified(
                    Long.parseLong(claims.getSubject()),
                    claims.getIssuedAt().toInstant(),
                    generation,
                    claims.getExpiration().toInstant(),
                    signIn == null ? null : UUID.fromString(signIn)));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
