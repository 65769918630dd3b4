/**
 * Who is here: the last time each user was seen (a poll, a feed read, a parked request, an open
 * socket), written in batches and read by the pool, the matchmaker and the live date. The only
 * writer of {@code presence}; others read it in their own SQL, as declared read models.
 */
@ApplicationModule(
        displayName = "Presence",
        allowedDependencies = {"longpoll", "shared"})
@OwnedTables({"presence"})
package com.speedmatch.presence;

import com.speedmatch.shared.OwnedTables;
import org.springframework.modulith.ApplicationModule;
