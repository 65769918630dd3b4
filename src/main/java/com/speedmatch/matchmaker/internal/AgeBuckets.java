package com.speedmatch.matchmaker.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The pool by gender and age for one pass: {@code buckets[genderBitIndex][age - MIN_AGE]} holds
 * positions in waiting order, so a chooser scans only the genders and ages they accept.
 */
final class AgeBuckets {

    private AgeBuckets() {}

    static int[][][] of(Matchmaker.Candidate[] byWait) {
        int genders = 0;
        for (Matchmaker.Candidate c : byWait) {
            genders = Math.max(genders, 32 - Integer.numberOfLeadingZeros(c.genderBit()));
        }
        List<List<List<Integer>>> lists = new ArrayList<>();
        for (int g = 0; g < genders; g++) {
            List<List<Integer>> ages = new ArrayList<>();
            for (int a = Matchmaker.MIN_AGE; a <= Matchmaker.MAX_AGE; a++) {
                ages.add(null);
            }
            lists.add(ages);
        }
        for (int i = 0; i < byWait.length; i++) {
            Matchmaker.Candidate c = byWait[i];
            int g = Integer.numberOfTrailingZeros(c.genderBit());
            int a = Math.min(Math.max(c.age(), Matchmaker.MIN_AGE), Matchmaker.MAX_AGE) - Matchmaker.MIN_AGE;
            List<Integer> bucket = lists.get(g).get(a);
            if (bucket == null) {
                bucket = new ArrayList<>();
                lists.get(g).set(a, bucket);
            }
            bucket.add(i);
        }
        int[][][] buckets = new int[genders][Matchmaker.MAX_AGE - Matchmaker.MIN_AGE + 1][];
        for (int g = 0; g < genders; g++) {
            for (int a = 0; a <= Matchmaker.MAX_AGE - Matchmaker.MIN_AGE; a++) {
                List<Integer> bucket = lists.get(g).get(a);
                if (bucket != null) {
                    buckets[g][a] = bucket.stream().mapToInt(Integer::intValue).toArray();
                }
            }
        }
        return buckets;
    }
}
