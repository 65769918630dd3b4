package com.speedmatch.call;

import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the call deadlines kept in columns. Safe on every instance at once and after a restart:
 * each candidate is locked and re-checked before it is ended.
 */
@Slf4j
@Component
@RequiredArgsConstructor
class CallSweeper {

    private final CallService calls;

    /** Often enough that a call ends within a second of its {@code ends_at}. */
    @Scheduled(fixedDelayString = "${video.sweep-interval:250ms}")
    void endCallsOnTime() {
        sweep("auto-end", calls::endCallsPastTheirEnd);
        sweep("join timeout", calls::cancelUnjoinedCalls);
    }

    @Scheduled(fixedDelayString = "${cleanup.interval}", initialDelayString = "${cleanup.interval}")
    void cancelAbandonedCalls() {
        sweep("abandoned", calls::cancelAbandonedCalls);
    }

    private static void sweep(String what, java.util.function.IntSupplier sweep) {
        try {
            int changed = sweep.getAsInt();
            if (changed > 0) {
                log.debug("Sweep {}: {} calls", what, changed);
            }
        } catch (RuntimeException e) {
            // The next run retries; a failing sweep must not stop the scheduler.
            log.warn("Sweep {} failed: {}", what, e.toString());
        }
    }
}
