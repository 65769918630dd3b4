package com.speedmatch.match.internal;

import com.speedmatch.match.MessageViews;
import com.speedmatch.shared.ExportRows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Messages and read marks: plain rows, each operation one statement. */
@Repository
@RequiredArgsConstructor
public class MessageRepository {

    private static final RowMapper<MessageViews.Message> MESSAGE = (rs, row) -> new MessageViews.Message(
            rs.getLong("id"),
            rs.getLong("match_id"),
            rs.getLong("from_user_id"),
            rs.getString("text"),
            rs.getTimestamp("sent_at").toInstant(),
            rs.getString("client_id"));

    private final JdbcTemplate jdbc;

    /**
     * Stores the message, or, when the sender already stored one with this {@code clientId}, answers
     * that one: the second element says whether this call stored it.
     */
    Stored insert(long matchId, long fromUserId, String text, String clientId, Instant now) {
        List<MessageViews.Message> inserted =
                jdbc.query("""
                insert into messages (match_id, from_user_id, text, client_id, sent_at) values (?, ?, ?, ?, ?)
                on conflict (match_id, from_user_id, client_id) do nothing
                returning *
                """, MESSAGE, matchId, fromUserId, text, clientId, Timestamp.from(now));
        if (!inserted.isEmpty()) {
            return new Stored(inserted.get(0), true);
        }
        return new Stored(
                jdbc.queryForObject(
                        "select * from messages where match_id = ? and from_user_id = ? and client_id = ?",
                        MESSAGE,
                        matchId,
                        fromUserId,
                        clientId),
                false);
    }

    record Stored(MessageViews.Message message, boolean isNew) {}

    /**
     * A page of the conversation, newest first, before {@code before} (all when null), with how far
     * each user has read: one statement, the messages read from the index on (match_id, id desc).
     */
    MessageViews.Page page(long matchId, Long before, int limit) {
        List<MessageViews.Message> messages = new ArrayList<>();
        Map<Long, Long> reads = new HashMap<>();
        jdbc.query(
                """
                select 'm' as kind, m.id, m.match_id, m.from_user_id, m.text, m.sent_at, m.client_id, null::bigint as up_to
                from (select * from messages where match_id = ? and (?::bigint is null or id < ?)
                      order by id desc limit ?) m
                union all
                select 'r', null, match_id, user_id, null, null, null, up_to from message_reads where match_id = ?
                """,
                rs -> {
                    if ("m".equals(rs.getString("kind"))) {
                        messages.add(MESSAGE.mapRow(rs, 0));
                    } else {
                        reads.put(rs.getLong("from_user_id"), rs.getLong("up_to"));
                    }
                },
                matchId,
                before,
                before,
                limit,
                matchId);
        messages.sort((a, b) -> Long.compare(b.id(), a.id()));
        return new MessageViews.Page(messages, reads);
    }

    /** Moves the user's read mark forward to {@code upTo}, a message of the match; false for any other id. */
    boolean markRead(long matchId, long userId, long upTo) {
        return jdbc.update("""
                insert into message_reads (match_id, user_id, up_to)
                select ?, ?, id from messages where id = ? and match_id = ?
                on conflict (match_id, user_id) do update set up_to = greatest(message_reads.up_to, excluded.up_to)
                """, matchId, userId, upTo, matchId) == 1;
    }

    Optional<String> textOf(long messageId, long fromUserId, long toUserId) {
        return jdbc.query("""
                select m.text from messages m join matches x on x.id = m.match_id
                where m.id = ? and m.from_user_id = ? and ? in (x.user1_id, x.user2_id)
                """, (rs, row) -> rs.getString(1), messageId, fromUserId, toUserId).stream()
                .findFirst();
    }

    public List<Map<String, Object>> export(long userId) {
        return ExportRows.query(jdbc, """
                select m.id, m.match_id, m.from_user_id, m.text, m.sent_at from messages m
                join matches x on x.id = m.match_id
                where ? in (x.user1_id, x.user2_id) order by m.match_id, m.id
                """, userId);
    }
}
