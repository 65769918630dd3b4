package com.speedmatch.auth.internal;

import com.speedmatch.user.UserProfile;
import io.swagger.v3.oas.annotations.media.Schema;

record TokenResponse(
        String accessToken,
        String refreshToken,
        String tokenType,
        long expiresIn,
        UserProfile user,

        @Schema(
                description = "Proof that this device signed in to this account before: send it with the next sign-in, "
                        + "and failures from strangers never lock you out (OWASP device cookies)")
        String deviceToken) {

    TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn, UserProfile user) {
        this(accessToken, refreshToken, tokenType, expiresIn, user, null);
    }

    TokenResponse withDeviceToken(String deviceToken) {
        return new TokenResponse(accessToken, refreshToken, tokenType, expiresIn, user, deviceToken);
    }
}
