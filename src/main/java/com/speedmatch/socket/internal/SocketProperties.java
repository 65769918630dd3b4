package com.speedmatch.socket.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The feed socket's timers and bounds (docs/spec.md "The feed over a WebSocket"). {@code authTimeout}: the
 * first frame must authenticate within it. {@code pingInterval}: the server pings this often, under
 * the idle timeouts of cellular NATs and proxies (30-120 s). {@code pongTimeout}: a socket that
 * answers nothing for this long after a ping is gone (a middlebox killed it without a close).
 * {@code maxFrame}: the largest frame either way. {@code sendTimeLimit} and {@code sendBuffer}: a
 * client that reads too slowly is closed rather than buffered without bound. {@code sweepInterval}:
 * how often the deadlines are looked at. {@code unauthenticatedPerAddress} and
 * {@code unauthenticatedMax}: sockets still waiting for their auth frame, from one address and in
 * all; one more upgrade is refused (429, 503) with Retry-After. {@code framesPerSecond} and
 * {@code frameBurst}: a signed-in socket's budget of frames from its client; a flood closes it with
 * 4429.
 */
@ConfigurationProperties("events.socket")
public record SocketProperties(
        @DefaultValue("5s") Duration authTimeout,
        @DefaultValue("25s") Duration pingInterval,
        @DefaultValue("20s") Duration pongTimeout,
        @DefaultValue("256KB") DataSize maxFrame,
        @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("1MB") DataSize sendBuffer,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("20") int unauthenticatedPerAddress,
        @DefaultValue("2000") int unauthenticatedMax,
        @DefaultValue("20") int framesPerSecond,
        @DefaultValue("40") int frameBurst) {}
