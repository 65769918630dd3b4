package com.speedmatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A publication still waiting in the registry when the listeners moved into their modules'
 * internal packages names its listener by the old class: V14 renames it, so redelivery finds the
 * handler. Run here on rows left with the old names.
 */
class MovedListenersTests extends IntegrationTest {

    static final List<String> MOVED = List.of(
            "com.speedmatch.user.AccountNews",
            "com.speedmatch.safety.CallsEndedWhenKeptApart",
            "com.speedmatch.email.AccountMails",
            "com.speedmatch.push.PushSender",
            "com.speedmatch.feed.FeedWriter",
            "com.speedmatch.signaling.SignalService");

    @Test
    void aWaitingPublicationNamesTheListenerWhereItIsNow() throws Exception {
        List<UUID> ids = MOVED.stream()
                .map(listener -> insertWaiting(listener + ".on(com.speedmatch.call.CallEnded)"))
                .toList();
        try {
            jdbc.execute(Files.readString(
                    Path.of("src/main/resources/db/migration/V14__listeners_moved_into_internal_packages.sql")));

            for (UUID id : ids) {
                String listener =
                        jdbc.queryForObject("select listener_id from event_publication where id = ?", String.class, id);
                String type = listener.substring(0, listener.lastIndexOf('.', listener.indexOf('(')));
                assertThat(type).contains(".internal.");
                assertThat(Class.forName(type)).as(listener).isNotNull();
            }
        } finally {
            ids.forEach(id -> jdbc.update("delete from event_publication where id = ?", id));
        }
    }

    private UUID insertWaiting(String listenerId) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, status)
                values (?, ?, 'CallEnded', '{}', now(), 'FAILED')
                """, id, listenerId);
        return id;
    }
}
