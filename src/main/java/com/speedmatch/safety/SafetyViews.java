package com.speedmatch.safety;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;

public final class SafetyViews {

    private SafetyViews() {}

    public record ReportRequest(
            @NotNull @Positive Long userId,
            @NotNull ReportReason reason,
            @Size(max = 2000) String details,
            UUID videoSessionId,

            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "A message the reported user sent you, shown to the moderators")
            @Positive Long messageId) {}

    public record Reported(long reportId, String message) {}

    public record Blocked(long userId, String message) {}
}
