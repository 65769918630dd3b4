package com.speedmatch.shared;

import java.util.Locale;
import java.util.Map;

/**
 * No such thing for this user. Another user's objects are not found either, exactly like an
 * unknown id, so nobody learns what exists.
 */
public final class NotFound extends DomainException {

    public NotFound(String title, String detail) {
        super(title, detail, Map.of());
    }

    /** {@code NotFound.of("Call", id)}: "Call not found", "No call with id ...". */
    public static NotFound of(String what, Object id) {
        return new NotFound(what + " not found", "No " + what.toLowerCase(Locale.ROOT) + " with id " + id);
    }
}
