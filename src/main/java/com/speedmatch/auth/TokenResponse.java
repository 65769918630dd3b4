package com.speedmatch.auth;

import com.speedmatch.user.UserProfile;

record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn, UserProfile user) {}
