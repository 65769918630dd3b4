package com.speedmatch.auth.internal;

import com.speedmatch.auth.SignInsEnded;
import com.speedmatch.user.AccountClosed;
import com.speedmatch.user.AccountRestricted;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A closed, suspended or banned account keeps no way to refresh a session; a closed one keeps no
 * refresh or password reset token (its verification links are the email module's to erase).
 */
@Component
@RequiredArgsConstructor
class AccountTokens {

    private final RefreshTokenRepository refreshTokens;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    @EventListener
    void accountRestricted(AccountRestricted restricted) {
        refreshTokens.revokeAllOf(restricted.userId(), restricted.at());
        events.publishEvent(SignInsEnded.all(restricted.userId(), restricted.at()));
    }

    @EventListener
    void accountClosed(AccountClosed closed) {
        jdbc.update("delete from refresh_tokens where user_id = ?", closed.userId());
        jdbc.update("delete from password_reset_tokens where user_id = ?", closed.userId());
    }
}
