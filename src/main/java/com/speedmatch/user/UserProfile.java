package com.speedmatch.user;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The account as its owner sees it. */
public record UserProfile(long id, String email, String name, LocalDate birthDate, int age, Gender gender,
        List<Gender> interestedIn, String bio, List<String> interests, Instant createdAt) {

    static UserProfile from(User user, LocalDate today) {
        return new UserProfile(user.getId(), user.getEmail(), user.getName(), user.getBirthDate(), user.ageOn(today),
                user.getGender(), user.interestedInGenders(), user.getBio(), List.copyOf(user.getInterests()),
                user.getCreatedAt());
    }
}
