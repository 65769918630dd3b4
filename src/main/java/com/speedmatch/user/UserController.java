package com.speedmatch.user;

import com.speedmatch.platform.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
@RequestMapping("/api/users/me")
@RequiredArgsConstructor
class UserController {

    private final UserService users;

    @Operation(summary = "The caller's profile, with age computed from birth_date")
    @GetMapping
    UserProfile me(@AuthenticationPrincipal CurrentUser me) {
        return users.profile(me.id());
    }

    @Operation(summary = "Change name, bio, interests, gender or interested_in; absent fields stay")
    @PatchMapping
    UserProfile update(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody ProfileChanges changes) {
        return users.update(me.id(), changes);
    }
}
