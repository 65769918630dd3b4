package com.speedmatch.moderation.internal;

import com.speedmatch.shared.Emails;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code moderation.moderators}: the emails of the accounts that may moderate (empty: nobody),
 * once each has verified it. Compared in their normal form ({@code Emails.key}).
 */
@ConfigurationProperties("moderation")
record ModerationProperties(@DefaultValue List<String> moderators) {

    Set<String> emailKeys() {
        return moderators.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Emails::key)
                .collect(Collectors.toUnmodifiableSet());
    }
}
