package com.speedmatch.shared;

import java.time.Duration;
import java.util.Map;

/** Something the service depends on cannot answer now; nothing was changed, retry shortly. */
public final class Unavailable extends DomainException {

    private final Duration retryAfter;

    public Unavailable(String title, String detail, Duration retryAfter) {
        super(title, detail, Map.of());
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
