package com.speedmatch.match;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a user says after a call. */
public enum Decision {
    /** Never paired with this person again, either way. */
    @JsonProperty("skip")
    SKIP,
    /** Interested: both saying it makes a match. */
    @JsonProperty("continue")
    CONTINUE,
    /** Back to the pool, no verdict (the recent-pair window still keeps them apart a while). */
    @JsonProperty("next")
    NEXT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
