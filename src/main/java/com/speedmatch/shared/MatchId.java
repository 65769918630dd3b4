package com.speedmatch.shared;

/** A mutual match (matches.id). Typed, so that a swapped argument at a module's API does not compile. */
public record MatchId(long value) {

    public static MatchId of(long value) {
        return new MatchId(value);
    }
}
