package com.speedmatch.date.internal;

import com.speedmatch.call.CallViews;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The icebreaker a participant asks for during the date. */
@Tag(name = "Video calls")
@RestController
@RequestMapping("/api/video")
@RequiredArgsConstructor
class DateController {

    private final PromptRotation rotation;

    @Operation(
            summary = "A new icebreaker for both, now",
            description =
                    "Both get a prompt event at once and see it in the status. At most one per video.prompt-cooldown "
                            + "(15 s) per call.")
    @ApiResponse(responseCode = "200", description = "The icebreaker both see now")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @ApiResponse(responseCode = "409", description = "The date is not running")
    @ApiResponse(responseCode = "429", description = "Another icebreaker came less than 15 s ago; see Retry-After")
    @PostMapping("/session/{session_id}/prompt")
    CallViews.PromptEvent prompt(@AuthenticationPrincipal CurrentUser me, @PathVariable("session_id") UUID sessionId) {
        return rotation.next(me.id(), sessionId);
    }
}
