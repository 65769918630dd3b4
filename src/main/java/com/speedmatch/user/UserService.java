package com.speedmatch.user;

import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.NotFound;
import com.speedmatch.shared.Refused;
import com.speedmatch.shared.Invalid;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import com.speedmatch.longpoll.UserNews;
import java.sql.Timestamp;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts and profiles. Age is always computed from the birth date, never stored. */
@Service
@RequiredArgsConstructor
public class UserService {


    private final UserRepository users;
    private final Clock clock;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final UserNews news;
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
        User user = find(userId);
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

    /** Creates the account; 409 when the address is taken, whatever its case. */
    @Transactional
    public UserProfile register(NewAccount account) {
        if (users.existsByEmailIgnoreCase(account.email())) {
            throw new Conflict("Email already registered", "An account with this email already exists");
        }
        User user = users.saveAndFlush(new User(account.email().trim(), account.passwordHash(), account.name().trim(),
                account.birthDate(), account.gender(), account.interestedIn(), blankToNull(account.bio()),
                normalizeInterests(account.interests()), clock.instant()));
        return UserProfile.from(user, today());
    }

    /**
     * Suspends (until {@code until}) or bans the user, at once: out of the pool and any call, every
     * refresh token revoked, and every request of theirs refused with a 403 from the next one on,
     * on every instance.
     */
    @Transactional
    public void restrict(long userId, Instant until, boolean ban) {
        find(userId);
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
        find(userId);
        jdbc.update("update users set password_hash = ?, tokens_valid_after = ?, updated_at = ? where id = ?", passwordHash,
                Timestamp.from(clock.instant()), Timestamp.from(clock.instant()), userId);
        events.publishEvent(new AccountEvents.Changed(userId, clock.instant()));
    }

    /** Lifts a suspension or a ban. */
    @Transactional
    public void lift(long userId) {
        find(userId);
        jdbc.update("update users set suspended_until = null, banned_at = null where id = ?", userId);
        events.publishEvent(new AccountEvents.Changed(userId, clock.instant()));
    }

    /** A moderator's warning, shown to the user once (on their next GET /api/users/me). */
    @Transactional
    public void warn(long userId, String text) {
        find(userId);
        jdbc.update("update users set warning = ?, warning_shown_at = null where id = ?", text, userId);
    }

    /** The caller's profile; a warning not yet shown is shown now, and only now. */
    @Transactional
    public UserProfile me(long userId) {
        UserProfile profile = profile(userId);
        String warning = jdbc.query("""
                update users set warning_shown_at = ? where id = ? and warning is not null and warning_shown_at is null
                returning warning
                """, rs -> rs.next() ? rs.getString(1) : null, Timestamp.from(clock.instant()), userId);
        return warning == null ? profile : profile.withWarning(warning);
    }

    /** Whether the account's email is one of {@code emails} (compared without case). */
    @Transactional(readOnly = true)
    public boolean hasEmailIn(long userId, java.util.Set<String> emails) {
        return users.findById(userId).filter(u -> u.getDeletedAt() == null)
                .map(u -> emails.contains(u.getEmail().toLowerCase(java.util.Locale.ROOT))).orElse(false);
    }

    /** The id and password hash for a login attempt, if the address is known. */
    @Transactional(readOnly = true)
    public Optional<Credentials> credentials(String email) {
        return users.findByEmailIgnoreCase(email.trim()).map(u -> new Credentials(u.getId(), u.getPasswordHash()));
    }

    @Transactional(readOnly = true)
    public UserProfile profile(long userId) {
        return UserProfile.from(find(userId), today());
    }

    @Transactional(readOnly = true)
    public PublicProfile publicProfile(long userId) {
        return PublicProfile.from(find(userId), today());
    }

    @Transactional(readOnly = true)
    public Map<Long, PublicProfile> publicProfiles(Collection<Long> userIds) {
        LocalDate today = today();
        return users.findByIdIn(userIds).stream()
                .collect(Collectors.toMap(User::getId, u -> PublicProfile.from(u, today), (a, b) -> a, LinkedHashMap::new));
    }

    @Transactional(readOnly = true)
    public boolean exists(long userId) {
        return users.existsById(userId);
    }

    @Transactional
    public UserProfile update(long userId, ProfileChanges changes) {
        User user = find(userId);
        var now = clock.instant();
        if (changes.name() != null) {
            user.rename(changes.name().trim(), now);
        }
        if (changes.bio() != null) {
            user.describe(blankToNull(changes.bio()), now);
        }
        if (changes.interests() != null) {
            user.changeInterests(normalizeInterests(changes.interests()), now);
        }
        if (changes.gender() != null) {
            user.changeGender(changes.gender(), now);
        }
        if (changes.interestedIn() != null) {
            user.changeInterestedIn(changes.interestedIn(), now);
        }
        return UserProfile.from(user, today());
    }

    private User find(long userId) {
        return users.findById(userId).orElseThrow(() -> NotFound.of("User", userId));
    }


    private LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Trimmed, without duplicates that differ only in case, in the order given. */
    public static List<String> normalizeInterests(List<String> interests) {
        if (interests == null) {
            return List.of();
        }
        Map<String, String> unique = new LinkedHashMap<>();
        interests.stream().map(String::trim).filter(s -> !s.isEmpty())
                .forEach(s -> unique.putIfAbsent(s.toLowerCase(Locale.ROOT), s));
        return new ArrayList<>(unique.values());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** What a login needs to check a password. */
    public record Credentials(long userId, String passwordHash) {
    }

}
