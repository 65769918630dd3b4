package com.speedmatch.call;

import java.time.Instant;
import java.util.Optional;

/**
 * What a call's views show of the date's icebreaker, provided by the date module (which owns the
 * prompt bank): the call module answers the status with it without depending on that module.
 */
public interface DatePrompts {

    /** Without a date module (a module test of calls alone), a call has no icebreaker. */
    DatePrompts NONE = new DatePrompts() {
        @Override
        public Optional<CallViews.Prompt> current(long videoSessionId) {
            return Optional.empty();
        }

        @Override
        public CallViews.Prompt view(long promptId, Instant shownAt) {
            return null;
        }
    };

    /** The prompt both participants of the call see now, if any. */
    Optional<CallViews.Prompt> current(long videoSessionId);

    /** A prompt of the bank as shown at {@code shownAt}. */
    CallViews.Prompt view(long promptId, Instant shownAt);
}
