package com.speedmatch.moderation.internal;

import com.speedmatch.moderation.ModerationViews;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Moderation")
@RestController
@Validated
@RequiredArgsConstructor
class ModerationController {

    private final ModerationService moderation;

    @Operation(summary = "Whether the caller is a moderator (the client shows its moderation page only then)")
    @GetMapping("/api/moderation/me")
    ModerationViews.Role me(@AuthenticationPrincipal CurrentUser me) {
        return new ModerationViews.Role(moderation.isModerator(me.id()));
    }

    @Operation(summary = "Open reports, oldest first, with both people's public profiles and report counts")
    @ApiResponse(responseCode = "403", description = "Not a moderator")
    @GetMapping("/api/moderation/reports")
    ModerationViews.Queue queue(
            @AuthenticationPrincipal CurrentUser me,
            @RequestParam(value = "page", defaultValue = "0") @Min(0) int page,
            @RequestParam(value = "size", defaultValue = "20") @Min(1) @Max(100) int size) {
        return moderation.queue(me.id(), page, size);
    }

    @Operation(summary = "Resolve a report: dismiss, warn, suspend for days, or ban; suspend and ban act at once")
    @ApiResponse(responseCode = "403", description = "Not a moderator")
    @ApiResponse(responseCode = "404", description = "No such report")
    @ApiResponse(responseCode = "409", description = "Already resolved")
    @PostMapping("/api/moderation/reports/{report_id}/resolve")
    ModerationViews.Resolved resolve(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("report_id") long reportId,
            @Valid @RequestBody ModerationViews.Resolution resolution) {
        return moderation.resolve(me.id(), reportId, resolution);
    }

    @Operation(summary = "Lift a suspension or a ban")
    @ApiResponse(responseCode = "403", description = "Not a moderator")
    @PostMapping("/api/moderation/users/{user_id}/lift")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void lift(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("user_id") long userId,
            @Valid @RequestBody(required = false) ModerationViews.Lift lift) {
        moderation.lift(me.id(), userId, lift == null ? null : lift.note());
    }
}
