package com.speedmatch.auth.internal;

import com.speedmatch.shared.validation.AdultBirthDate;
import com.speedmatch.shared.validation.MaxUtf8Bytes;
import com.speedmatch.user.Gender;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/** The bodies of the account endpoints. */
final class AuthRequests {

    record PasswordResetRequest(
            @NotBlank @Email @Size(max = 254) String email) {}

    record PasswordResetConfirmation(
            @NotBlank @Size(max = 200) String token,

            @NotBlank @Size(min = 10, max = 200) @MaxUtf8Bytes(72)
            String newPassword) {}

    private AuthRequests() {}

    record Register(
            @NotBlank @Email @Size(max = 254) String email,

            @NotNull @Size(min = 10, max = 72, message = "must be between 10 and 72 characters") @MaxUtf8Bytes(72)
            String password,

            @NotNull @Size(min = 1, max = 60) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,

            @NotNull @AdultBirthDate LocalDate birthDate,
            @NotNull Gender gender,
            @NotEmpty @Size(max = 3) List<@NotNull Gender> interestedIn,
            @Size(max = 500) String bio,
            @Size(max = 20) List<@NotBlank @Size(max = 40) String> interests) {}

    record Login(
            @NotBlank @Size(max = 254) String email,
            @NotBlank @Size(max = 200) String password,
            @Size(max = 200) String deviceToken) {

        Login(String email, String password) {
            this(email, password, null);
        }
    }

    record Refresh(@NotBlank @Size(max = 200) String refreshToken) {}
}
