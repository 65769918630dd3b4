package com.speedmatch.shared;

/** A user (users.id). Typed, so that a swapped argument at a module's API does not compile. */
public record UserId(long value) {

    public static UserId of(long value) {
        return new UserId(value);
    }
}
