package com.speedmatch.shared;

import java.util.Map;

/** Known, but not allowed to do this: a suspended account, a wrong password confirmation, not a moderator. */
public final class Refused extends DomainException {

    public Refused(String title, String detail) {
        super(title, detail, Map.of());
    }
}
