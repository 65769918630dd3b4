package com.speedmatch.shared;

import java.time.Duration;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resubmits the event publications whose handler has not completed (it failed, or the instance
 * died between commit and delivery) once they are {@code events.redelivery-after} old. At start,
 * Spring Modulith resubmits what the last run left ({@code republish-outstanding-events-on-restart}).
 * Every handler is safe to run twice: a second feed event renders the same state, a second cancel
 * finds the call over.
 */
@Slf4j
@Component
class EventRedelivery {

    private final IncompleteEventPublications incomplete;
    private final Duration after;

    EventRedelivery(IncompleteEventPublications incomplete,
            @Value("${events.redelivery-after:15s}") Duration after) {
        this.incomplete = incomplete;
        this.after = after;
    }

    @Scheduled(fixedDelayString = "${events.redelivery-interval:10s}", initialDelayString = "${events.redelivery-interval:10s}")
    void resubmit() {
        incomplete.resubmitIncompletePublicationsOlderThan(after);
    }
}
