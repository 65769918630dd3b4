package com.speedmatch.call;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.speedmatch.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;

/** The state of a video session (and of the instant call behind it, which may also be passed). */
public enum CallStatus {
    @JsonProperty("waiting")
    WAITING,
    @JsonProperty("active")
    ACTIVE,
    @JsonProperty("completed")
    COMPLETED,
    @JsonProperty("cancelled")
    CANCELLED,
    @JsonProperty("passed")
    PASSED;

    public boolean isLive() {
        return this == WAITING || this == ACTIVE;
    }

    @Converter(autoApply = true)
    static class JpaConverter extends LowercaseEnumConverter<CallStatus> {
        JpaConverter() {
            super(CallStatus.class);
        }
    }
}
