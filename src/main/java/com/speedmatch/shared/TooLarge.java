package com.speedmatch.shared;

import java.util.Map;

/** What was sent is bigger than the service keeps (a signal's data). */
public final class TooLarge extends DomainException {

    public TooLarge(String title, String detail) {
        super(title, detail, Map.of());
    }
}
