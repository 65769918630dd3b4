package com.speedmatch.presence.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The users seen on this instance since presence was last written. */
@Component
public class SeenUsers {

    private final Set<Long> seen = ConcurrentHashMap.newKeySet();

    public void note(long userId) {
        seen.add(userId);
    }

    /** Everyone noted since the last call, forgotten here. */
    Set<Long> drain() {
        Set<Long> drained = new HashSet<>();
        for (Long userId : seen) {
            if (seen.remove(userId)) {
                drained.add(userId);
            }
        }
        return drained;
    }

    /** A write that failed: noted again, for the next one. */
    void retry(Collection<Long> userIds) {
        seen.addAll(userIds);
    }
}
