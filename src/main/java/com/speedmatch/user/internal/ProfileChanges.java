package com.speedmatch.user.internal;

import com.speedmatch.user.Gender;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code PATCH /api/users/me}: absent fields stay as they are. */
public record ProfileChanges(
        @Size(min = 1, max = 60) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,

        @Size(max = 500) String bio,
        @Size(max = 20) List<@NotBlank @Size(max = 40) String> interests,
        Gender gender,
        @Size(min = 1, max = 3) List<@NotNull Gender> interestedIn) {}
