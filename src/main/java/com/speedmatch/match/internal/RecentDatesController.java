package com.speedmatch.match.internal;

import com.speedmatch.match.MatchViews;
import com.speedmatch.match.SecondLook;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Matches")
@RestController
@RequiredArgsConstructor
class RecentDatesController {

    private final SecondLook secondLook;

    @Operation(
            summary = "Your last 20 dates, newest first, for a second look",
            description = "Each with the partner's public profile, when it began, your decision, whether it is a"
                    + " match, and can_change: a next or a skip that may still become continue (24 h). Dates with"
                    + " someone blocked, reported or unmatched since are left out.")
    @GetMapping("/api/recent-dates")
    List<MatchViews.RecentDate> recentDates(@AuthenticationPrincipal CurrentUser me) {
        return secondLook.recentDates(me.id());
    }

    @Operation(
            summary = "A second look: change your next or skip on a recent date to continue",
            description = "match_id is the call_session_id, as in continue-decision. If the other said continue, this"
                    + " makes the match (mutual_match) and both get a matched event and a push.")
    @ApiResponse(responseCode = "200", description = "Changed; mutual_match is set when it made a match")
    @ApiResponse(responseCode = "400", description = "The decision is not continue")
    @ApiResponse(responseCode = "404", description = "No such date of yours, or the other was blocked or reported")
    @ApiResponse(
            responseCode = "409",
            description = "Not decided yet, already continue, or more than 24 hours after the date")
    @PostMapping("/api/recent-dates/{match_id}/decision")
    MatchViews.DecisionResult reconsider(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("match_id") long matchId,
            @Valid @RequestBody MatchViews.SecondLookRequest request) {
        return secondLook.reconsider(me.id(), matchId, request.decision());
    }
}
