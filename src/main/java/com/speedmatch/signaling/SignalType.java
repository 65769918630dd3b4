package com.speedmatch.signaling;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

public enum SignalType {
    @JsonProperty("offer")
    OFFER,
    @JsonProperty("answer")
    ANSWER,
    @JsonProperty("ice-candidate")
    ICE_CANDIDATE;

    public String code() {
        return this == ICE_CANDIDATE ? "ice-candidate" : name().toLowerCase(Locale.ROOT);
    }
}
