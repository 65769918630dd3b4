package com.speedmatch.user.internal;

import com.speedmatch.shared.CurrentUser;
import com.speedmatch.user.AccountLifecycle;
import com.speedmatch.user.UserProfile;
import com.speedmatch.user.UserService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
@RequestMapping("/api/users/me")
@RequiredArgsConstructor
class UserController {

    private final UserService users;
    private final AccountLifecycle accounts;

    @Operation(summary = "The caller's profile, with age computed from birth_date")
    @GetMapping
    UserProfile me(@AuthenticationPrincipal CurrentUser me) {
        return users.me(me.id());
    }

    @Operation(
            summary = "Close the account for good (the password confirms it)",
            description = "In one step: profile, preferences and ratings given are erased, matches removed, the open "
                    + "matching session and any live call ended (the other user returns to the pool), every token "
                    + "revoked. Reports and moderation decisions about the account are kept, pseudonymized.")
    @ApiResponse(responseCode = "204", description = "Closed; every token of the account is refused from now on")
    @ApiResponse(responseCode = "403", description = "Wrong password; nothing changed")
    @ApiResponse(
            responseCode = "429",
            description = "Too many wrong passwords (counted as failed sign-ins); see Retry-After")
    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void close(
            @AuthenticationPrincipal CurrentUser me,
            @Valid @RequestBody ClosingRequest request,
            HttpServletRequest http) {
        accounts.closeAccount(me.id(), request.password(), http.getRemoteAddr());
    }

    /** The password, to confirm that the account's owner closes it. */
    record ClosingRequest(@NotBlank @Size(max = 200) String password) {}

    @Operation(summary = "Change name, bio, interests, gender or interested_in; absent fields stay")
    @PatchMapping
    UserProfile update(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody ProfileChanges changes) {
        return users.update(me.id(), changes);
    }
}
