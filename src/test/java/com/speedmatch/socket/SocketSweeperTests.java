package com.speedmatch.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.auth.AccessTokens;
import com.speedmatch.socket.internal.FeedSocket;
import com.speedmatch.socket.internal.SocketProperties;
import com.speedmatch.socket.internal.SocketSweeper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The socket deadlines on a controlled clock: the auth frame's, the token's, the server's pings,
 * and a socket killed by a middlebox (no close, no pong) closed 4408 after the pong timeout.
 */
class SocketSweeperTests {

    private static final SocketProperties PROPERTIES = new SocketProperties(
            Duration.ofSeconds(5),
            Duration.ofSeconds(25),
            Duration.ofSeconds(20),
            DataSize.ofKilobytes(256),
            Duration.ofSeconds(10),
            DataSize.ofMegabytes(1),
            Duration.ofSeconds(1),
            20,
            2000,
            20,
            40);
    private static final Instant T0 = Instant.parse("2026-12-01T20:00:00Z");

    private final SocketSweeper sweeper = new SocketSweeper(null, PROPERTIES, null);

    /** What the server sent on a socket, and how it closed it. */
    static final class Session implements WebSocketSession {
        final List<WebSocketMessage<?>> sent = new ArrayList<>();
        CloseStatus closed;

        @Override
        public String getId() {
            return "s1";
        }

        @Override
        public URI getUri() {
            return URI.create("ws://localhost/api/events/ws");
        }

        @Override
        public HttpHeaders getHandshakeHeaders() {
            return new HttpHeaders();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Principal getPrincipal() {
            return null;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public String getAcceptedProtocol() {
            return null;
        }

        @Override
        public void setTextMessageSizeLimit(int limit) {}

        @Override
        public int getTextMessageSizeLimit() {
            return 0;
        }

        @Override
        public void setBinaryMessageSizeLimit(int limit) {}

        @Override
        public int getBinaryMessageSizeLimit() {
            return 0;
        }

        @Override
        public List<WebSocketExtension> getExtensions() {
            return List.of();
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) {
            sent.add(message);
        }

        @Override
        public boolean isOpen() {
            return closed == null;
        }

        @Override
        public void close() {
            close(CloseStatus.NORMAL);
        }

        @Override
        public void close(CloseStatus status) {
            closed = status;
        }

        long pings() {
            return sent.stream().filter(PingMessage.class::isInstance).count();
        }
    }

    private static FeedSocket authenticated(Session session, Instant expiresAt) {
        FeedSocket socket = new FeedSocket(session, T0);
        socket.start(new AccessTokens.Holder(7, 0, expiresAt, null), () -> {}, 100, null);
        return socket;
    }

    @Test
    void aSocketWithoutAnAuthFrameIsClosed4401AfterFiveSeconds() {
        Session session = new Session();
        FeedSocket socket = new FeedSocket(session, T0);
        sweeper.sweep(List.of(socket), T0.plusSeconds(4));
        assertThat(session.closed).isNull();
        sweeper.sweep(List.of(socket), T0.plusSeconds(5));
        assertThat(session.closed.getCode()).isEqualTo(4401);
    }

    @Test
    void theServerPingsEveryIntervalAndASocketThatAnswersStaysOpen() {
        Session session = new Session();
        FeedSocket socket = authenticated(session, T0.plus(Duration.ofHours(1)));
        sweeper.sweep(List.of(socket), T0.plusSeconds(24));
        assertThat(session.pings()).isZero();
        sweeper.sweep(List.of(socket), T0.plusSeconds(25));
        assertThat(session.pings()).isEqualTo(1);
        socket.heard(T0.plusSeconds(26)); // the pong
        sweeper.sweep(List.of(socket), T0.plusSeconds(46));
        assertThat(session.closed).isNull();
        sweeper.sweep(List.of(socket), T0.plusSeconds(50));
        assertThat(session.pings()).isEqualTo(2);
    }

    @Test
    void aSocketSilentAfterAPingIsClosed4408() {
        Session session = new Session();
        FeedSocket socket = authenticated(session, T0.plus(Duration.ofHours(1)));
        sweeper.sweep(List.of(socket), T0.plusSeconds(25));
        assertThat(session.pings()).isEqualTo(1);
        sweeper.sweep(List.of(socket), T0.plusSeconds(44));
        assertThat(session.closed).isNull();
        sweeper.sweep(List.of(socket), T0.plusSeconds(45)); // 20 s after the ping, nothing heard
        assertThat(session.closed.getCode()).isEqualTo(4408);
    }

    @Test
    void aSocketWhoseTokenExpiredIsClosed4401() {
        Session session = new Session();
        FeedSocket socket = authenticated(session, T0.plusSeconds(10));
        sweeper.sweep(List.of(socket), T0.plusSeconds(9));
        assertThat(session.closed).isNull();
        sweeper.sweep(List.of(socket), T0.plusSeconds(10));
        assertThat(session.closed.getCode()).isEqualTo(4401);
    }
}
