package com.speedmatch.shared;

import java.util.Map;

/** The request breaks a rule only the service can check (a value that no constraint can see). */
public final class Invalid extends DomainException {

    public Invalid(String title, String detail) {
        super(title, detail, Map.of());
    }
}
