package com.speedmatch.shared;

import java.util.Map;

/** It existed and is over for good: a call cancelled because the other user left. */
public final class Gone extends DomainException {

    public Gone(String title, String detail) {
        super(title, detail, Map.of());
    }
}
