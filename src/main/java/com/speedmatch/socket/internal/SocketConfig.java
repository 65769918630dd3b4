package com.speedmatch.socket.internal;

import com.speedmatch.web.CorsProperties;
import lombok.RequiredArgsConstructor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * {@code GET /api/events/ws}: a plain WebSocket with JSON frames. Browsers may open it from this
 * origin and from {@code cors.allowed-origins}; clients that send no Origin (apps) may too.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@RequiredArgsConstructor
class SocketConfig implements WebSocketConfigurer {

    static final String PATH = "/api/events/ws";

    private final FeedSocketHandler handler;
    private final CorsProperties cors;
    private final WaitingForAuth waitingForAuth;

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, PATH)
                .addInterceptors(waitingForAuth)
                .setAllowedOrigins(cors.origins().toArray(String[]::new));
    }

    /**
     * The container's buffers are allocated whole for every socket: 8 KiB of text (a larger frame
     * arrives in parts, put together up to the bound by {@link FeedSocketHandler}), and 1 KiB for the
     * binary frames nobody sends.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(8 * 1024);
        container.setMaxBinaryMessageBufferSize(1024);
        return container;
    }
}
