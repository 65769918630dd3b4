package com.speedmatch.shared;

import java.util.Map;

/**
 * Why the service will not do what was asked, in the product's words. Services throw one of its
 * kinds; the web layer alone decides what each becomes on the wire (a problem with a status), so
 * no service speaks HTTP. The title is short and fixed per case, the detail says what to do.
 */
public abstract sealed class DomainException extends RuntimeException
        permits Invalid, Unauthenticated, Refused, NotFound, Conflict, Gone, TooLarge, Limited, Unavailable {

    private final String title;
    private final transient Map<String, Object> properties;

    protected DomainException(String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.title = title;
        this.properties = Map.copyOf(properties);
    }

    public String title() {
        return title;
    }

    /** Extra members of the problem, beyond title and detail. */
    public Map<String, Object> properties() {
        return properties;
    }
}
