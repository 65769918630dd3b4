package com.speedmatch.push.internal;

import com.speedmatch.auth.SignInsEnded;
import com.speedmatch.user.AccountClosed;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A push subscription lives no longer than the sign-in that made it: a logout ends that one, a
 * password reset, a suspension or a ban end all of the user's (so a stolen token's subscription
 * does not outlive the victim taking their account back), and so does closing the account. Heard
 * in the transaction that ends the sign-ins: both commit together, or neither.
 */
@Slf4j
@Component
@RequiredArgsConstructor
class SubscriptionsEnded {

    private final PushSubscriptions subscriptions;

    @EventListener
    void on(SignInsEnded ended) {
        int gone = subscriptions.endWith(ended.userId(), ended.signIn());
        if (gone > 0) {
            log.info("{} push subscriptions of user {} ended with their sign-in", gone, ended.userId());
        }
    }

    @EventListener
    void on(AccountClosed closed) {
        subscriptions.endWith(closed.userId(), null);
    }
}
