package com.speedmatch.shared;

/** A pairing the matchmaker made: the guide's call session (instant_call_sessions.id, the API's call_session_id). Typed, so that a swapped argument at a module's API does not compile. */
public record CallId(long value) {

    public static CallId of(long value) {
        return new CallId(value);
    }
}
