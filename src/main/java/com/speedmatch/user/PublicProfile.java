package com.speedmatch.user;

import com.speedmatch.user.internal.User;
import java.time.LocalDate;
import java.util.List;

/** What another user may see of someone they met: never the email or birth date. */
public record PublicProfile(
        long userId,
        String name,
        int age,
        String bio,
        List<String> interests,

        @io.swagger.v3.oas.annotations.media.Schema(description = "Whether the user's email is verified")
        boolean verified) {

    static PublicProfile from(User user, LocalDate today) {
        return new PublicProfile(
                user.getId(),
                user.getName(),
                user.ageOn(today),
                user.getBio(),
                List.copyOf(user.getInterests()),
                user.getEmailVerifiedAt() != null);
    }
}
