package com.speedmatch.safety;

/** Why two users are kept apart for good. */
public enum ExclusionReason {
    SKIP,
    BLOCK,
    UNMATCH;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
