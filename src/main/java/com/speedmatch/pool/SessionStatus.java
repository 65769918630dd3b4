package com.speedmatch.pool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.speedmatch.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

public enum SessionStatus {
    @JsonProperty("active")
    ACTIVE,
    @JsonProperty("paused")
    PAUSED,
    @JsonProperty("ended")
    ENDED;

    @Converter(autoApply = true)
    static class JpaConverter extends LowercaseEnumConverter<SessionStatus> {
        JpaConverter() {
            super(SessionStatus.class);
        }
    }
}
