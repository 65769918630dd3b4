package com.speedmatch.runtime.internal;

import com.speedmatch.runtime.Deliveries;
import java.time.Duration;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resubmits the event publications whose handler failed, once they are
 * {@code events.redelivery-after} old, checked every {@code events.redelivery-interval}.
 *
 * <p>Only failed ones: a publication still queued for, or running in, its handler is left alone, so
 * a backlog never feeds itself. One instance at a time looks for them: the look-up and the claims
 * run in a transaction that holds an advisory lock, so two instances never work from the same list.
 * Each publication is claimed before it is resubmitted (the registry moves it from {@code FAILED}
 * to {@code RESUBMITTED} in one conditional update). At most {@code events.redelivery-batch} are
 * in flight at once. A publication whose instance died before its handler finished is marked
 * failed by the registry's staleness check ({@code spring.modulith.events.staleness.*}) and then
 * comes back here. Handlers stay safe to run twice all the same: a second feed event renders the
 * same state, and mails and pushes go out once per event ({@link Deliveries}).
 */
@Slf4j
@Component
public class EventRedelivery {

    /** The advisory lock of the redelivery look-up: "SMREDELV" in ASCII. */
    static final long LOCK_KEY = 0x534d5245444c4556L;

    private final FailedEventPublications failed;
    private final ResubmissionOptions options;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    EventRedelivery(
            FailedEventPublications failed,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            @Value("${events.redelivery-after:15s}") Duration after,
            @Value("${events.redelivery-batch:100}") int batch) {
        this.failed = failed;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.options = ResubmissionOptions.defaults()
                .withMinAge(after)
                .withBatchSize(batch)
                .withMaxInFlight(batch);
    }

    @Scheduled(
            fixedDelayString = "${events.redelivery-interval:10s}",
            initialDelayString = "${events.redelivery-interval:10s}")
    public void resubmit() {
        transaction.executeWithoutResult(status -> {
            if (Boolean.TRUE.equals(
                    jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY))) {
                failed.resubmit(options);
            }
        });
    }
}
