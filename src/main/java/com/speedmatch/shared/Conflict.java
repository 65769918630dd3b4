package com.speedmatch.shared;

import java.util.Map;

/** Not possible in the current state (the call is over, already rated, already in a call). */
public final class Conflict extends DomainException {

    public Conflict(String title, String detail) {
        super(title, detail, Map.of());
    }
}
