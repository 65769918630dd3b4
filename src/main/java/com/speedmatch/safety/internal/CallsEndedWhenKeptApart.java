package com.speedmatch.safety.internal;

import com.speedmatch.call.CallService;
import com.speedmatch.call.EndReason;
import com.speedmatch.safety.KeptApart;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Ends every call between two users kept apart, from the publication registry: when the block's
 * own request could not end them (the database refused it a lock in time), this handler fails,
 * stays in the registry and is resubmitted until the calls are over. When the request did end them,
 * it finds nothing live and does nothing.
 */
@Component
class CallsEndedWhenKeptApart {

    private final CallService calls;

    CallsEndedWhenKeptApart(CallService calls) {
        this.calls = calls;
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(KeptApart apart) {
        calls.endCallsBetween(apart.byUserId(), apart.otherUserId(), EndReason.BLOCKED);
    }
}
