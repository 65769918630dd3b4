package com.speedmatch.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Refused;
import com.speedmatch.shared.Unauthenticated;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether an access token's account may still act: not closed, not banned, not suspended, and the
 * token of the account's current generation (a password reset or a closing raises it; the
 * comparison is exact, not by timestamp). Asked on every authenticated
 * request, so the answer is cached per user; every change to it (a deletion, a suspension, a ban,
 * a password reset) drops the cached answer on this instance and, through the cluster's news, on
 * every other: it takes effect at the next request, everywhere.
 */
@Component
public class AccountStates {

    private record State(Instant deletedAt, Instant suspendedUntil, Instant bannedAt, int tokenGeneration) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Cache<Long, Optional<State>> states = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    AccountStates(JdbcTemplate jdbc, Clock clock, NewsBus news) {
        this.jdbc = jdbc;
        this.clock = clock;
        news.forgetOn(News.Account.class, account -> states.invalidate(account.userId()));
    }

    /** Why a token of {@code userId} of {@code generation} must be refused, if it must. */
    public Optional<DomainException> refusal(long userId, int generation) {
        Optional<State> found = states.get(userId, this::load);
        if (found.isEmpty() || found.get().deletedAt() != null) {
            return Optional.of(new Unauthenticated("This account was closed"));
        }
        State state = found.get();
        if (generation < state.tokenGeneration()) {
            return Optional.of(new Unauthenticated("This session was signed out; sign in again"));
        }
        return restriction(state);
    }

    /** A ban or a running suspension, as the 403 problem a refused request or sign-in gets. */
    public Optional<DomainException> restriction(long userId) {
        return states.get(userId, this::load).flatMap(this::restriction);
    }

    private Optional<DomainException> restriction(State state) {
        if (state.bannedAt() != null) {
            return Optional.of(new Refused("Account banned", "account banned"));
        }
        if (state.suspendedUntil() != null && state.suspendedUntil().isAfter(clock.instant())) {
            return Optional.of(new Refused(
                    "Account suspended",
                    "account suspended until " + state.suspendedUntil().truncatedTo(ChronoUnit.SECONDS)));
        }
        return Optional.empty();
    }

    private Optional<State> load(long userId) {
        return jdbc
                .query(
                        """
                select deleted_at, suspended_until, banned_at, token_generation from users where id = ?
                """,
                        (rs, row) -> new State(
                                instant(rs.getTimestamp(1)),
                                instant(rs.getTimestamp(2)),
                                instant(rs.getTimestamp(3)),
                                rs.getInt(4)),
                        userId)
                .stream()
                .findFirst();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
