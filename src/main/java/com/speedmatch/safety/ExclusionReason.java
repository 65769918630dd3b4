package com.speedmatch.safety;

import java.util.Locale;

/** Why two users are kept apart for good. */
public enum ExclusionReason {
    SKIP,
    BLOCK,
    UNMATCH;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
