package com.speedmatch.auth.internal;

import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
@RequestMapping("/api/auth")
@RequiredArgsConstructor
class AuthController {

    private final AuthService auth;
    private final PasswordReset passwordReset;

    @Operation(summary = "Create an account (18+) and sign in")
    @ApiResponse(responseCode = "201", description = "Signed up")
    @ApiResponse(responseCode = "400", description = "Invalid fields, listed in errors")
    @ApiResponse(responseCode = "409", description = "The email is taken")
    @SecurityRequirements
    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(responseCode = "429", description = "Too many sign-ups from this address; see Retry-After")
    TokenResponse register(@Valid @RequestBody AuthRequests.Register request, HttpServletRequest http) {
        return auth.register(request, http.getRemoteAddr());
    }

    @Operation(summary = "Sign in with email and password")
    @ApiResponse(responseCode = "200", description = "Signed in")
    @ApiResponse(responseCode = "401", description = "Unknown email or wrong password (one message for both)")
    @SecurityRequirements
    @PostMapping("/login")
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed sign-ins for this email or from this address; see Retry-After")
    TokenResponse login(@Valid @RequestBody AuthRequests.Login request, HttpServletRequest http) {
        return auth.login(request, http.getRemoteAddr());
    }

    @Operation(
            summary = "Forgot my password: mails a single-use reset link, valid 30 minutes",
            description = "Always 202, whether or not the address has an account.")
    @ApiResponse(responseCode = "202", description = "If the address has an account, a link is on its way")
    @ApiResponse(responseCode = "429", description = "Too many requests for this email; see Retry-After")
    @SecurityRequirements
    @PostMapping("/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void requestPasswordReset(@Valid @RequestBody AuthRequests.PasswordResetRequest request) {
        passwordReset.request(request.email());
    }

    @Operation(summary = "Set a new password with the mailed token; signs the account out everywhere")
    @ApiResponse(responseCode = "204", description = "The new password is set")
    @ApiResponse(responseCode = "400", description = "Invalid, used or expired token, or an invalid password")
    @SecurityRequirements
    @PostMapping("/password-reset/confirm")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void confirmPasswordReset(@Valid @RequestBody AuthRequests.PasswordResetConfirmation request) {
        passwordReset.confirm(request.token(), request.newPassword());
    }

    @Operation(summary = "Trade a refresh token for a new pair; the old one stops working")
    @ApiResponse(responseCode = "200", description = "A new token pair")
    @ApiResponse(responseCode = "401", description = "Unknown, expired or already used refresh token")
    @SecurityRequirements
    @PostMapping("/refresh")
    TokenResponse refresh(@Valid @RequestBody AuthRequests.Refresh request) {
        return auth.refresh(request);
    }

    @Operation(summary = "Check connectivity and the access token; does no other work")
    @ApiResponse(responseCode = "204", description = "The token is valid")
    @ApiResponse(responseCode = "401", description = "The token is missing, invalid or expired")
    @org.springframework.web.bind.annotation.GetMapping("/check")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void check() {
        // Authentication happened in the filter; nothing else to do.
    }

    @Operation(summary = "Revoke the refresh token and every token rotated from it")
    @ApiResponse(responseCode = "204", description = "Signed out")
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody AuthRequests.Refresh request) {
        auth.logout(me.id(), request);
    }
}
