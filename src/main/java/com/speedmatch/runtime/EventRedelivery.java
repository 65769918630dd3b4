package com.speedmatch.runtime;

import java.time.Duration;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resubmits the event publications whose handler failed, once they are
 * {@code events.redelivery-after} old, checked every {@code events.redelivery-interval}.
 *
 * <p>Only failed ones: a publication still queued for, or running in, its handler is left alone, so
 * a backlog never feeds itself. Each publication is claimed before it is resubmitted (the registry
 * moves it from {@code FAILED} to {@code RESUBMITTED} in one conditional update), so with several
 * instances each one goes out from exactly one of them. At most {@code events.redelivery-batch}
 * are in flight at once. A publication whose instance died before its handler finished is marked
 * failed by the registry's staleness check ({@code spring.modulith.events.staleness.*}) and then
 * comes back here. Handlers stay safe to run twice all the same: a second feed event renders the
 * same state, and mails and pushes go out once per event ({@link Deliveries}).
 */
@Slf4j
@Component
class EventRedelivery {

    private final FailedEventPublications failed;
    private final ResubmissionOptions options;

    EventRedelivery(
            FailedEventPublications failed,
            @Value("${events.redelivery-after:15s}") Duration after,
            @Value("${events.redelivery-batch:100}") int batch) {
        this.failed = failed;
        this.options = ResubmissionOptions.defaults()
                .withMinAge(after)
                .withBatchSize(batch)
                .withMaxInFlight(batch);
    }

    @Scheduled(
            fixedDelayString = "${events.redelivery-interval:10s}",
            initialDelayString = "${events.redelivery-interval:10s}")
    void resubmit() {
        failed.resubmit(options);
    }
}
