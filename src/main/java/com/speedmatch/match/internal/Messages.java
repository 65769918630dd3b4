package com.speedmatch.match.internal;

import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.match.MessageSent;
import com.speedmatch.match.MessageViews;
import com.speedmatch.match.MessagesRead;
import com.speedmatch.match.Unmatched;
import com.speedmatch.safety.KeptApart;
import com.speedmatch.safety.MessageEvidence;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.NotFound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Matches that talk (docs/spec.md "Messages between matches"): the two users of a mutual match send each
 * other messages, read them, and may unmatch. Another user's match answers 404, exactly like an
 * unknown one, and so does a match whose users were kept apart since (a block). The other user
 * hears each message, read mark and unmatch through the feed ({@link MessageSent},
 * {@link MessagesRead}, {@link Unmatched}, published in the transaction).
 */
@Service
class Messages implements MessageEvidence {

    static final int MAX_PAGE = 100;

    private final MatchRepository matches;
    private final MessageRepository messages;
    private final SafetyService safety;
    private final RateLimits limits;
    private final RateLimits.Limit perUser;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Messages(
            MatchRepository matches,
            MessageRepository messages,
            SafetyService safety,
            RateLimits limits,
            LimitProperties limitProperties,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.matches = matches;
        this.messages = messages;
        this.safety = safety;
        this.limits = limits;
        this.perUser =
                new RateLimits.Limit("messages-per-user", limitProperties.messagesPerMinute(), Duration.ofMinutes(1));
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Sends a message; the same {@code clientId} again answers the message stored the first time
     * and tells nobody twice. Counted against the per-user limit before the transaction.
     */
    MessageViews.Message send(long userId, long matchId, MessageViews.Send request) {
        MatchRepository.MatchRow match = ownMatch(userId, matchId);
        limits.consume(perUser, String.valueOf(userId), "Too many messages");
        if (request.text().isBlank()) {
            throw new Invalid("Validation failed", "Invalid text: a message needs more than spaces");
        }
        return transaction.execute(status -> {
            Instant now = clock.instant();
            MessageRepository.Stored stored = messages.insert(matchId, userId, request.text(), request.clientId(), now);
            if (stored.isNew()) {
                events.publishEvent(new MessageSent(match.partnerOf(userId), stored.message(), now));
            }
            return stored.message();
        });
    }

    /** Two statements in autocommit: the match check, then the page with the read marks. */
    MessageViews.Page page(long userId, long matchId, Long before, Integer limit) {
        ownMatch(userId, matchId);
        return messages.page(matchId, before, limit == null ? 50 : limit);
    }

    @Transactional
    void read(long userId, long matchId, long upTo) {
        MatchRepository.MatchRow match = ownMatch(userId, matchId);
        if (!messages.markRead(matchId, userId, upTo)) {
            throw new Invalid("Validation failed", "Invalid up_to: no message " + upTo + " in this match");
        }
        events.publishEvent(new MessagesRead(
                match.partnerOf(userId), new MessageViews.ReadEvent(matchId, userId, upTo), clock.instant()));
    }

    /** Unmatch: the match and its messages are gone for both, and the two are never paired again. */
    @Transactional
    void unmatch(long userId, long matchId) {
        MatchRepository.MatchRow match = ownMatch(userId, matchId);
        long partner = match.partnerOf(userId);
        matches.delete(matchId);
        safety.unmatched(userId, partner);
        events.publishEvent(new Unmatched(partner, new MessageViews.UnmatchedEvent(matchId, userId), clock.instant()));
    }

    /** A block or a report ends the match between the two, in the transaction that records it. */
    @EventListener
    void keptApart(KeptApart apart) {
        matches.between(apart.byUserId(), apart.otherUserId()).ifPresent(match -> {
            matches.delete(match.id());
            events.publishEvent(new Unmatched(
                    apart.otherUserId(), new MessageViews.UnmatchedEvent(match.id(), apart.byUserId()), apart.at()));
        });
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> text(long messageId, long fromUserId, long toUserId) {
        return messages.textOf(messageId, fromUserId, toUserId);
    }

    @Transactional(readOnly = true)
    List<Map<String, Object>> export(long userId) {
        return messages.export(userId);
    }

    /** The caller's match, not ended by a block since; anything else answers 404 like an unknown id. */
    private MatchRepository.MatchRow ownMatch(long userId, long matchId) {
        return matches.ownOpenMatch(matchId, userId).orElseThrow(() -> NotFound.of("Match", matchId));
    }
}
