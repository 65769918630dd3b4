package com.speedmatch.signaling.internal;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code video.ice.*}: STUN URLs, and TURN URLs with the secret shared with coturn
 * ({@code use-auth-secret}, {@code static-auth-secret}). TURN is offered only when both are set.
 */
@Validated
@ConfigurationProperties("video.ice")
record IceProperties(
        @DefaultValue List<String> stunUrls,
        @DefaultValue List<String> turnUrls,
        @DefaultValue("") String turnSecret,
        @DefaultValue("10m") @NotNull Duration turnTtl) {

    List<String> stun() {
        return stunUrls.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    List<String> turn() {
        return turnUrls.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
