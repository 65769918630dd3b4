package com.speedmatch.runtime;

import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import lombok.extern.slf4j.Slf4j;

/**
 * How a deadline sweep runs: list the due rows, then apply each on its own (a transaction each), so
 * one that fails (a lock timeout, a broken row) never holds back the others, and a sweep that cannot
 * even list them logs one line and runs again at its next time.
 */
@Slf4j
public final class Sweeps {

    private Sweeps() {}

    /** Applies {@code apply} to each id {@code due} lists; returns how many it applied to. */
    public static int each(String what, Supplier<List<Long>> due, LongPredicate apply) {
        List<Long> candidates;
        try {
            candidates = due.get();
        } catch (RuntimeException e) {
            log.warn("Sweep {} could not list calls: {}", what, e.toString());
            return 0;
        }
        int applied = 0;
        for (long id : candidates) {
            try {
                if (apply.test(id)) {
                    applied++;
                }
            } catch (RuntimeException e) {
                log.warn("Sweep {} could not end call {}: {}", what, id, e.toString());
            }
        }
        if (applied > 0) {
            log.debug("Sweep {}: {} calls", what, applied);
        }
        return applied;
    }
}
