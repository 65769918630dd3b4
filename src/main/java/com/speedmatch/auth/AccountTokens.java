package com.speedmatch.auth;

import com.speedmatch.user.AccountEvents;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A closed, suspended or banned account keeps no way to refresh a session. */
@Component
@RequiredArgsConstructor
class AccountTokens {

    private final RefreshTokenRepository refreshTokens;

    @EventListener
    void accountRestricted(AccountEvents.Restricted restricted) {
        refreshTokens.revokeAllOf(restricted.userId(), restricted.at());
    }
}
