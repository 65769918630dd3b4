package com.speedmatch.user;

import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.NotFound;
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
import java.sql.Timestamp;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts and their profiles: sign-up, what a user and others see, and what a user changes of
 * theirs. Age is always computed from the birth date, never stored. What ends or restricts an
 * account is {@link AccountLifecycle}'s.
 */
@Service
@RequiredArgsConstructor
public class UserService {

    private final UserRepository users;
    private final Clock clock;
    private final JdbcTemplate jdbc;

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

    User find(long userId) {
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
