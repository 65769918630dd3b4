package com.speedmatch.user;

import com.speedmatch.longpoll.UserNews;
import lombok.RequiredArgsConstructor;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Tells every instance that an account changed, once the change is committed: each drops what it
 * cached of the account, and the user's parked requests are answered. No transaction: it talks
 * to Redis in cluster mode, and holds no database connection while it does.
 */
@Component
@RequiredArgsConstructor
class AccountNews {

    private final UserNews news;

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(AccountEvents.Changed changed) {
        news.accountChanged(changed.userId());
    }
}
