package com.speedmatch.shared;

import java.time.Duration;
import java.util.Map;

/** Past a limit: nothing was done, and the same request passes after {@link #retryAfter()}. */
public final class Limited extends DomainException {

    private final Duration retryAfter;

    public Limited(String title, String detail, Duration retryAfter) {
        super(title, detail, Map.of("retry_after", Math.max(1, retryAfter.toSeconds())));
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
