package com.speedmatch.auth.internal;

import com.speedmatch.user.UserProfile;

record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn, UserProfile user) {}
