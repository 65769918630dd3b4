package com.speedmatch.user.internal;

import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.user.AccountChanged;
import lombok.RequiredArgsConstructor;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells every instance that an account changed, once the change is committed: each drops what it
 * cached of the account, and the user's parked requests are answered. No transaction: it talks
 * to Redis in cluster mode, and holds no database connection while it does.
 */
@Component
@RequiredArgsConstructor
public class AccountNews {

    private final NewsBus news;

    /**
     * This instance forgets the account's cached state on the committing thread, before the
     * request that changed it answers: a ban or a password reset holds from the very next request.
     * Memory only; the other instances hear it below.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void here(AccountChanged changed) {
        news.tellHere(new News.Account(changed.userId()));
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(AccountChanged changed) {
        news.publish(new News.Account(changed.userId()));
    }
}
