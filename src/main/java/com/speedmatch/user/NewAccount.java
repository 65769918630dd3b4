package com.speedmatch.user;

import java.time.LocalDate;
import java.util.List;

/** A validated registration, with the password already hashed. */
public record NewAccount(
        String email,
        String passwordHash,
        String name,
        LocalDate birthDate,
        Gender gender,
        List<Gender> interestedIn,
        String bio,
        List<String> interests) {}
