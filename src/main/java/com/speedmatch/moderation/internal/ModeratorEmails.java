package com.speedmatch.moderation.internal;

import com.speedmatch.user.ProtectedEmails;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;

/** The moderators' addresses are protected: registration refuses a look-alike of one. */
@Component
@RequiredArgsConstructor
class ModeratorEmails implements ProtectedEmails {

    private final ModerationProperties properties;

    @Override
    public Set<String> keys() {
        return properties.emailKeys();
    }
}
