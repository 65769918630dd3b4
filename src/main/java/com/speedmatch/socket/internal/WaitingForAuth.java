package com.speedmatch.socket.internal;

import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Limited;
import com.speedmatch.shared.Unavailable;
import com.speedmatch.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Sockets opened but not yet signed in cost the server a socket and a timer each, and prove
 * nothing. At most {@code events.socket.unauthenticated-per-address} may wait for their auth frame
 * from one address, and {@code unauthenticated-max} in all: one more upgrade is refused before it
 * is a socket, 429 (that address) or 503 (everyone), as problem+json with Retry-After. A socket
 * stops counting once it signs in or closes.
 */
@Component
class WaitingForAuth implements HandshakeInterceptor {

    static final String RELEASE = WaitingForAuth.class.getName() + ".release";

    private final SocketProperties properties;
    private final ProblemWriter problems;
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Counter refused;

    WaitingForAuth(SocketProperties properties, ProblemWriter problems, MeterRegistry meters) {
        this.properties = properties;
        this.problems = problems;
        this.refused = Counter.builder("speedmatch.socket.refused")
                .description("Feed socket upgrades refused: too many waiting for their auth frame")
                .register(meters);
        Gauge.builder("speedmatch.socket.unauthenticated", total, AtomicInteger::get)
                .description("Feed sockets waiting for their auth frame")
                .register(meters);
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws IOException {
        String address = address(request);
        AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (mine.incrementAndGet() > properties.unauthenticatedPerAddress()) {
            release(address, mine);
            return refuse(
                    response,
                    new Limited(
                            "Too many sockets",
                            "Too many sockets from your address are waiting to sign in; sign one in or retry shortly",
                            properties.authTimeout()));
        }
        if (total.incrementAndGet() > properties.unauthenticatedMax()) {
            total.decrementAndGet();
            release(address, mine);
            return refuse(
                    response,
                    new Unavailable(
                            "Service busy",
                            "Too many sockets are waiting to sign in; retry shortly",
                            properties.authTimeout()));
        }
        AtomicBoolean released = new AtomicBoolean();
        attributes.put(RELEASE, (Runnable) () -> {
            if (released.compareAndSet(false, true)) {
                total.decrementAndGet();
                release(address, mine);
            }
        });
        return true;
    }

    /** A handshake that failed after it was counted never becomes a socket: its place is freed. */
    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception failure) {
        if (failure != null && request.getAttributes() != null) {
            releaseOf(request.getAttributes()).run();
        }
    }

    /** What frees a socket's place: run when it signs in, or when it closes or never opened. */
    static Runnable releaseOf(Map<String, Object> attributes) {
        Object release = attributes.get(RELEASE);
        return release instanceof Runnable runnable ? runnable : () -> {};
    }

    private void release(String address, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            perAddress.remove(address, count);
        }
    }

    private boolean refuse(ServerHttpResponse response, DomainException problem) throws IOException {
        refused.increment();
        if (response instanceof ServletServerHttpResponse servlet) {
            HttpServletResponse raw = servlet.getServletResponse();
            problems.write(raw, problem);
        }
        return false;
    }

    private static String address(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
    }
}
