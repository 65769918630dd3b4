package com.speedmatch.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code cors.allowed-origins}: empty means same origin only. */
@ConfigurationProperties("cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {

    public List<String> origins() {
        return allowedOrigins.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
