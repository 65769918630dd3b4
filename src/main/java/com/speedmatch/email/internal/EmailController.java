package com.speedmatch.email.internal;

import com.speedmatch.email.EmailVerification;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's email, proved by the mailed link, and the link mailed again. */
@Tag(name = "Accounts")
@RestController
@RequestMapping("/api/auth")
@RequiredArgsConstructor
class EmailController {

    private final EmailVerification emailVerification;

    record EmailVerificationRequest(
            @NotBlank @Size(max = 200) String token) {}

    @Operation(
            summary = "Verify the account's email with the token of the mailed link (#verify=<token>)",
            description = "Single use, valid 24 h, and only for the address it was mailed to. GET /api/users/me then "
                    + "shows email_verified: true.")
    @ApiResponse(responseCode = "204", description = "The email is verified")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid, used or expired link, or the account's email changed since")
    @SecurityRequirements
    @PostMapping("/verify-email")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void verifyEmail(@Valid @RequestBody EmailVerificationRequest request) {
        emailVerification.verify(request.token());
    }

    @Operation(
            summary = "Mail the caller a new verification link",
            description = "Nothing is mailed when the email is already verified. 3 per account per hour.")
    @ApiResponse(responseCode = "202", description = "A link is on its way if the email is not verified yet")
    @ApiResponse(responseCode = "429", description = "Too many verification mails for this account; see Retry-After")
    @PostMapping("/verify-email/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void resendVerification(@AuthenticationPrincipal CurrentUser me) {
        emailVerification.resend(me.id());
    }
}
