package com.speedmatch.longpoll;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The users seen on this instance since presence was last written: a poll answered from memory
 * notes its user here instead of writing, and the pool writes everyone noted in one statement per
 * interval ({@code matching.presence-interval}).
 */
@Component
public class Presence {

    private final Set<Long> seen = ConcurrentHashMap.newKeySet();

    public void seen(long userId) {
        seen.add(userId);
    }

    /** Everyone noted since the last call, forgotten here. */
    public Set<Long> drain() {
        Set<Long> drained = new HashSet<>();
        for (Long userId : seen) {
            if (seen.remove(userId)) {
                drained.add(userId);
            }
        }
        return drained;
    }

    /** A write that failed: noted again, for the next one. */
    public void retry(Collection<Long> userIds) {
        seen.addAll(userIds);
    }
}
