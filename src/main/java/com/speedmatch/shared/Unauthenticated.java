package com.speedmatch.shared;

import java.util.Map;

/** Who is asking cannot be told, or their proof no longer holds: sign in again. */
public final class Unauthenticated extends DomainException {

    public Unauthenticated(String detail) {
        super("Unauthorized", detail, Map.of());
    }
}
