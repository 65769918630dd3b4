package com.speedmatch.safety;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

public enum ReportReason {
    @JsonProperty("harassment")
    HARASSMENT,
    @JsonProperty("nudity")
    NUDITY,
    @JsonProperty("spam")
    SPAM,
    @JsonProperty("underage")
    UNDERAGE,
    @JsonProperty("other")
    OTHER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
