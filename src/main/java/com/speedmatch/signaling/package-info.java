/**
 * WebRTC signals between the two participants of a call, acknowledged by sequence number; ICE servers and TURN credentials. Publishes SignalQueued.
 */
@ApplicationModule(
        displayName = "Signaling",
        allowedDependencies = {"cluster", "call", "limits", "longpoll", "pool", "shared"})
package com.speedmatch.signaling;

import org.springframework.modulith.ApplicationModule;
