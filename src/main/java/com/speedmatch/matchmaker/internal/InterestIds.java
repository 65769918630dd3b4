package com.speedmatch.matchmaker.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Turns interests into sorted small ints, case-insensitively, for the matchmaker's fast overlap. */
public final class InterestIds {

    private final Map<String, Integer> ids = new HashMap<>();

    public int[] of(Collection<String> interests) {
        if (interests == null || interests.isEmpty()) {
            return new int[0];
        }
        return interests.stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .mapToInt(s -> ids.computeIfAbsent(s, k -> ids.size()))
                .distinct()
                .sorted()
                .toArray();
    }

    public int[] of(String[] interests) {
        return interests == null ? new int[0] : of(Arrays.asList(interests));
    }
}
