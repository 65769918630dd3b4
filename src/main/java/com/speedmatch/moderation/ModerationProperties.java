package com.speedmatch.moderation;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code moderation.moderators}: the emails of the accounts that may moderate (empty: nobody). */
@ConfigurationProperties("moderation")
record ModerationProperties(@DefaultValue List<String> moderators) {

    Set<String> emails() {
        return moderators.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
