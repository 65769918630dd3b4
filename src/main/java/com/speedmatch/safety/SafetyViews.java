package com.speedmatch.safety;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;

final class SafetyViews {

    private SafetyViews() {}

    record ReportRequest(
            @NotNull @Positive Long userId,
            @NotNull ReportReason reason,
            @Size(max = 2000) String details,
            UUID videoSessionId,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "A message the reported user sent you, shown to the moderators")
            @Positive Long messageId) {}

    record Reported(long reportId, String message) {}

    record Blocked(long userId, String message) {}
}
