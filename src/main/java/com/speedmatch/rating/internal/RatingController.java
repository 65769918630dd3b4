package com.speedmatch.rating.internal;

import com.speedmatch.rating.RatingService;
import com.speedmatch.rating.RatingViews;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Ratings")
@RestController
@RequiredArgsConstructor
class RatingController {

    private final RatingService ratings;

    @Operation(summary = "Rate the other participant's personality after a call that ran (once per call)")
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "404", description = "No such call of yours")
    @ApiResponse(responseCode = "409", description = "Already rated, or the call never started")
    @PostMapping("/api/ratings")
    @ResponseStatus(HttpStatus.CREATED)
    RatingViews.Rated rate(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody RatingViews.RatingRequest request) {
        return ratings.rate(me.id(), request);
    }

    @Operation(summary = "The mean of each trait others gave you, and how many ratings")
    @GetMapping("/api/users/me/personality")
    RatingViews.Personality personality(@AuthenticationPrincipal CurrentUser me) {
        return ratings.personality(me.id());
    }
}
