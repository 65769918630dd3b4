package com.speedmatch.safety.internal;

import com.speedmatch.safety.SafetyService;
import com.speedmatch.safety.SafetyViews;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Safety")
@RestController
@RequiredArgsConstructor
class SafetyController {

    private final SafetyService safety;

    @Operation(summary = "Block someone you met: never paired again, and an ongoing call between you ends")
    @ApiResponse(responseCode = "200", description = "Blocked")
    @ApiResponse(responseCode = "404", description = "Nobody you have met has this id")
    @PostMapping("/api/users/{user_id}/block")
    SafetyViews.Blocked block(@AuthenticationPrincipal CurrentUser me, @PathVariable("user_id") long userId) {
        safety.block(me.id(), userId);
        return new SafetyViews.Blocked(userId, "User blocked");
    }

    @Operation(summary = "Report someone you met, for moderation; also blocks them")
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "404", description = "Nobody you have met has this id")
    @PostMapping("/api/reports")
    @ResponseStatus(HttpStatus.CREATED)
    SafetyViews.Reported report(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody SafetyViews.ReportRequest request) {
        return new SafetyViews.Reported(
                safety.report(me.id(), request), "Report received; this user will not be shown to you again");
    }
}
