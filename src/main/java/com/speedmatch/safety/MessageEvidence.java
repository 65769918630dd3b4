package com.speedmatch.safety;

import java.util.Optional;

/**
 * The text of a message a report cites, if {@code fromUserId} sent it to {@code toUserId}. The
 * match module, where messages live, provides it; the report keeps the text as evidence.
 */
@FunctionalInterface
public interface MessageEvidence {

    Optional<String> text(long messageId, long fromUserId, long toUserId);
}
