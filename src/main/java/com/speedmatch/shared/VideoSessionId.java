package com.speedmatch.shared;

/** A call's video session (video_sessions.id; the API shows its session_id UUID instead). Typed, so that a swapped argument at a module's API does not compile. */
public record VideoSessionId(long value) {

    public static VideoSessionId of(long value) {
        return new VideoSessionId(value);
    }
}
