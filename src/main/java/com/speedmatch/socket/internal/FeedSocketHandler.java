package com.speedmatch.socket.internal;

import com.speedmatch.shared.DependencyFailures;
import com.speedmatch.shared.DomainException;
import com.speedmatch.signaling.SignalRelay;
import com.speedmatch.web.Admission;
import com.speedmatch.web.DomainProblems;
import java.time.Clock;
import java.util.Collection;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed over a WebSocket, as a transport: sockets opened and closed, frames put together up to
 * the bound, and each client frame handed on by its type. The first frame authenticates
 * ({@code auth}, with an optional {@code after} to resume from); then {@code ack}, {@code signal},
 * {@code ping} and a new {@code auth} before the token expires. The feed itself is
 * {@link SocketFeed}'s, the open sockets {@link OpenSockets}', the timers {@link SocketSweeper}'s.
 */
@Component
public class FeedSocketHandler extends TextWebSocketHandler {

    private final OpenSockets sockets;
    private final SocketFeed feed;
    private final SignalRelay signals;
    private final FrameWriter frames;
    private final JsonMapper json;
    private final Clock clock;
    private final SocketProperties properties;
    private final Admission admission;

    FeedSocketHandler(
            OpenSockets sockets,
            SocketFeed feed,
            SignalRelay signals,
            FrameWriter frames,
            JsonMapper json,
            Clock clock,
            SocketProperties properties,
            Admission admission) {
        this.admission = admission;
        this.sockets = sockets;
        this.feed = feed;
        this.signals = signals;
        this.frames = frames;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    public Collection<FeedSocket> open() {
        return sockets.all();
    }

    /**
     * Frames in parts: the container buffers 8 KiB per socket rather than the largest frame
     * (256 KiB of chars each, 5 GB for 10,000 sockets); a frame is put together here, bounded.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        FeedSocket socket = new FeedSocket(
                session, clock.instant(), properties.sendBuffer().toBytes(), properties.sendTimeLimit(), clock);
        socket.waitingForAuth(WaitingForAuth.releaseOf(session.getAttributes()));
        socket.frameBudget(properties.framesPerSecond(), properties.frameBurst(), clock);
        sockets.add(session.getId(), socket);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        WaitingForAuth.releaseOf(session.getAttributes()).run();
        FeedSocket socket = sockets.remove(session.getId());
        if (socket != null) {
            socket.detach();
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        FeedSocket socket = sockets.get(session.getId());
        if (socket != null) {
            socket.heard(clock.instant());
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        FeedSocket socket = sockets.get(session.getId());
        if (socket == null || socket.closed()) {
            return;
        }
        socket.heard(clock.instant());
        if (!socket.append(message.getPayload(), properties.maxFrame().toBytes())) {
            socket.close(Frames.close(
                    CloseStatus.TOO_BIG_TO_PROCESS.getCode(),
                    "A frame is at most " + properties.maxFrame().toKilobytes() + " KiB"));
            return;
        }
        if (!message.isLast()) {
            return;
        }
        String whole = socket.whole();
        if (socket.authenticated() && !socket.takeFrame()) {
            socket.close(Frames.close(
                    Frames.FLOOD, "Too many frames: at most " + properties.framesPerSecond() + " a second"));
            return;
        }
        // A frame is work like a request, and counts against admission control with the requests.
        if (!admission.tryEnter()) {
            frames.error(socket, 503, "Service busy", "The service is at capacity; retry in a second", 1L);
            return;
        }
        try {
            handle(socket, whole);
        } finally {
            admission.leave();
        }
    }

    private void handle(FeedSocket socket, String whole) {
        JsonNode frame;
        try {
            frame = json.readTree(whole);
        } catch (JacksonException e) {
            frames.error(socket, 400, "Invalid frame", "A frame is a JSON object with a type");
            return;
        }
        String type = Frames.text(frame, "type");
        if ("auth".equals(type)) {
            feed.authenticate(socket, frame);
        } else if (!socket.authenticated()) {
            socket.close(Frames.close(Frames.UNAUTHENTICATED, "The first frame must be an auth frame"));
        } else if ("ack".equals(type)) {
            feed.acknowledge(socket, frame);
        } else if ("signal".equals(type)) {
            signal(socket, frame);
        } else if ("ping".equals(type)) {
            socket.send(frames.write(Frames.Pong.PONG));
        } else {
            frames.error(socket, 400, "Invalid frame", "type: one of auth, ack, signal or ping");
        }
    }

    /** A signal over the socket: send-signal's rules and limits, answered with its ack or a problem. */
    private void signal(FeedSocket socket, JsonNode frame) {
        try {
            socket.send(frames.write(
                    new Frames.SignalAck(signals.send(socket.holder().userId(), frame))));
        } catch (DomainException e) {
            frames.error(
                    socket, DomainProblems.statusCodeOf(e), e.title(), e.getMessage(), DomainProblems.retryAfterOf(e));
        } catch (RuntimeException e) {
            if (!DependencyFailures.isUnavailable(e)) {
                throw e;
            }
            frames.error(
                    socket,
                    503,
                    "Service unavailable",
                    "The service cannot reach its database right now. Retry shortly",
                    5L);
        }
    }
}
