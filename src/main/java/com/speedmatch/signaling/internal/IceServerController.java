package com.speedmatch.signaling.internal;

import com.speedmatch.pool.MatchingService;
import com.speedmatch.shared.CurrentUser;
import com.speedmatch.signaling.SignalViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Video calls")
@RestController
@RequiredArgsConstructor
class IceServerController {

    private final IceProperties properties;
    private final MatchingService matching;
    private final Clock clock;

    @Operation(
            summary = "STUN and TURN servers for RTCPeerConnection; TURN credentials expire after ttl_seconds",
            description =
                    "TURN credentials (a relay that costs bandwidth) only for a user with an open matching session "
                            + "or a live call; anyone else gets the STUN servers alone.")
    @GetMapping("/api/video/ice-servers")
    SignalViews.IceServers iceServers(@AuthenticationPrincipal CurrentUser me) {
        List<SignalViews.IceServer> servers = new ArrayList<>();
        if (!properties.stun().isEmpty()) {
            servers.add(new SignalViews.IceServer(properties.stun(), null, null));
        }
        long ttl = properties.turnTtl().toSeconds();
        if (!properties.turn().isEmpty()
                && !properties.turnSecret().isBlank()
                && matching.isMatchingOrInACall(me.id())) {
            var credential = TurnCredentials.issue(
                    properties.turnSecret(), me.id(), clock.instant().getEpochSecond() + ttl);
            servers.add(new SignalViews.IceServer(properties.turn(), credential.username(), credential.credential()));
        }
        return new SignalViews.IceServers(servers, ttl);
    }
}
