package com.speedmatch.user;

import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Emails;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.NotFound;
import com.speedmatch.user.internal.ProfileChanges;
import com.speedmatch.user.internal.User;
import com.speedmatch.user.internal.UserRepository;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
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
    private final ApplicationEventPublisher events;
    private final ObjectProvider<ProtectedEmails> protectedEmails;

    /**
     * Creates the account; 409 when the address is taken in any form that folds to the same one
     * (case, compatibility characters). The reserved domain of closed accounts, and look-alikes of
     * a protected address, are refused (400).
     */
    @Transactional
    public UserProfile register(NewAccount account) {
        String email = account.email().strip();
        if (Emails.isReserved(email)) {
            throw new Invalid(
                    "Validation failed", "Invalid email: addresses in " + Emails.RESERVED_DOMAIN + " are reserved");
        }
        String key = Emails.key(email);
        ProtectedEmails protectedOnes = protectedEmails.getIfAvailable();
        // Java's toLowerCase folds the Kelvin sign to a k too: a protected address is accepted in
        // plain ASCII letters only, any case.
        if (protectedOnes != null
                && protectedOnes.keys().contains(key)
                && !email.chars().allMatch(c -> c < 128)) {
            throw new Invalid(
                    "Validation failed", "Invalid email: it imitates a reserved address; write it in plain letters");
        }
        if (users.existsByEmailKey(key)) {
            throw new Conflict("Email already registered", "An account with this email already exists");
        }
        User user = users.saveAndFlush(new User(
                email,
                account.passwordHash(),
                account.name().trim(),
                account.birthDate(),
                account.gender(),
                account.interestedIn(),
                blankToNull(account.bio()),
                normalizeInterests(account.interests()),
                clock.instant()));
        return UserProfile.from(user, today());
    }

    /** The caller's profile; a warning not yet shown is shown now, and only now. */
    @Transactional
    public UserProfile me(long userId) {
        UserProfile profile = profile(userId);
        String warning =
                jdbc.query("""
                update users set warning_shown_at = ? where id = ? and warning is not null and warning_shown_at is null
                returning warning
                """, rs -> rs.next() ? rs.getString(1) : null, Timestamp.from(clock.instant()), userId);
        return warning == null ? profile : profile.withWarning(warning);
    }

    /**
     * Whether the open account's email, in its normal form, is one of {@code emailKeys}, and
     * verified: a listed address gives no rights until its owner followed the mailed link.
     */
    @Transactional(readOnly = true)
    public boolean hasVerifiedEmailIn(long userId, Set<String> emailKeys) {
        return users.findById(userId)
                .filter(u -> u.getDeletedAt() == null && u.getEmailVerifiedAt() != null)
                .map(u -> emailKeys.contains(u.getEmailKey()))
                .orElse(false);
    }

    /** What a sign-in needs of an open account, if the address (in any form) has one. */
    @Transactional(readOnly = true)
    public Optional<Credentials> credentials(String email) {
        return users.findOpenByEmailKey(Emails.key(email)).map(Credentials::of);
    }

    /** The same for an account known by id (a password confirming a step), if it is open. */
    @Transactional(readOnly = true)
    public Optional<Credentials> credentials(long userId) {
        return users.findById(userId).filter(u -> u.getDeletedAt() == null).map(Credentials::of);
    }

    /** The address to mail and its normal form, when it is not verified yet; empty once it is. */
    @Transactional(readOnly = true)
    public Optional<Credentials> unverified(long userId) {
        return users.findById(userId)
                .filter(u -> u.getDeletedAt() == null && u.getEmailVerifiedAt() == null)
                .map(Credentials::of);
    }

    /** Marks the address verified if the account still has it (the link names the address it was mailed to). */
    @Transactional
    public boolean markEmailVerified(long userId, String emailKey) {
        boolean marked = jdbc.update(
                        "update users set email_verified_at = ? where id = ? and email_key = ? and deleted_at is null",
                        Timestamp.from(clock.instant()),
                        userId,
                        emailKey)
                == 1;
        if (marked) {
            events.publishEvent(new AccountChanged(userId, clock.instant()));
        }
        return marked;
    }

    /**
     * Locks the account's row for a change of its tokens, and returns their current generation: a
     * refresh takes the lock a password reset takes, so no token is issued between a reset's
     * revocation and its commit.
     */
    @Transactional
    public TokenGeneration lockForTokens(long userId) {
        return jdbc
                .query(
                        "select token_generation, tokens_valid_after, deleted_at from users where id = ? for update",
                        (rs, row) -> new TokenGeneration(
                                rs.getInt(1),
                                rs.getTimestamp(2) == null
                                        ? null
                                        : rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3) != null),
                        userId)
                .stream()
                .findFirst()
                .orElseThrow(() -> NotFound.of("User", userId));
    }

    /** The tokens' generation of an account, and since when its tokens are valid. */
    public record TokenGeneration(int generation, Instant validAfter, boolean closed) {}

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
                .collect(Collectors.toMap(
                        User::getId, u -> PublicProfile.from(u, today), (a, b) -> a, LinkedHashMap::new));
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
        interests.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(s -> unique.putIfAbsent(s.toLowerCase(Locale.ROOT), s));
        return new ArrayList<>(unique.values());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** What a sign-in needs: the id, the password hash, the email's normal form and the tokens' generation. */
    public record Credentials(long userId, String passwordHash, String email, String emailKey, int tokenGeneration) {

        static Credentials of(User user) {
            return new Credentials(
                    user.getId(),
                    user.getPasswordHash(),
                    user.getEmail(),
                    user.getEmailKey(),
                    user.getTokenGeneration());
        }
    }
}
