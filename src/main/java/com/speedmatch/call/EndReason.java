package com.speedmatch.call;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.speedmatch.shared.LowercaseEnumConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Why a call ended; the metric tag and the answer of the status call. */
public enum EndReason {
    /** Ran its full duration. */
    @JsonProperty("time_up")
    TIME_UP,
    /** A participant pressed End (or decided while the call was live). */
    @JsonProperty("ended_by_user")
    ENDED_BY_USER,
    /** Not joined by both within video.join-timeout. */
    @JsonProperty("join_timeout")
    JOIN_TIMEOUT,
    /** Still waiting after video.abandoned-timeout. */
    @JsonProperty("abandoned")
    ABANDONED,
    /** A participant stopped matching: the call answers 410 from then on. */
    @JsonProperty("user_left")
    USER_LEFT,
    /** One blocked or reported the other. */
    @JsonProperty("blocked")
    BLOCKED,
    /** Paused longer than video.max-pause in total: a connection that did not come back. Nobody skipped. */
    @JsonProperty("connection_lost")
    CONNECTION_LOST;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter(autoApply = true)
    static class JpaConverter extends LowercaseEnumConverter<EndReason> {
        JpaConverter() {
            super(EndReason.class);
        }
    }
}
