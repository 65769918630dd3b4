package com.speedmatch.user;

import com.speedmatch.user.internal.User;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The account as its owner sees it. */
public record UserProfile(
        long id,
        String email,

        @io.swagger.v3.oas.annotations.media.Schema(
                description =
                        "Whether the owner followed the link mailed to this " + "address (POST /api/auth/verify-email)")
        boolean emailVerified,

        String name,
        LocalDate birthDate,
        int age,
        Gender gender,
        List<Gender> interestedIn,
        String bio,
        List<String> interests,
        Instant createdAt,

        @io.swagger.v3.oas.annotations.media.Schema(
                description = "A moderator's warning, present once: on the first "
                        + "GET /api/users/me after it was given; null otherwise")
        String warning) {

    UserProfile withWarning(String text) {
        return new UserProfile(
                id, email, emailVerified, name, birthDate, age, gender, interestedIn, bio, interests, createdAt, text);
    }

    static UserProfile from(User user, LocalDate today) {
        return new UserProfile(
                user.getId(),
                user.getEmail(),
                user.getEmailVerifiedAt() != null,
                user.getName(),
                user.getBirthDate(),
                user.ageOn(today),
                user.getGender(),
                user.interestedInGenders(),
                user.getBio(),
                List.copyOf(user.getInterests()),
                user.getCreatedAt(),
                null);
    }
}
