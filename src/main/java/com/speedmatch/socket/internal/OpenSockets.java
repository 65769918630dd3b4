package com.speedmatch.socket.internal;

import com.speedmatch.auth.AccessTokens;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The feed sockets open on this instance, by the container's session id. An account change (a
 * ban, a sign-out everywhere) marks every socket of that user to check its account on its next
 * push, and wakes them so that the push happens now.
 */
@Component
class OpenSockets {

    private final Map<String, FeedSocket> sockets = new ConcurrentHashMap<>();
    private final NewsBus news;

    OpenSockets(NewsBus news, MeterRegistry meters) {
        this.news = news;
        news.listen(News.Account.class, account -> accountChanged(account.userId()));
        Gauge.builder("speedmatch.socket.open", sockets, Map::size)
                .description("Feed sockets open")
                .register(meters);
    }

    void add(String id, FeedSocket socket) {
        sockets.put(id, socket);
    }

    FeedSocket get(String id) {
        return sockets.get(id);
    }

    FeedSocket remove(String id) {
        return sockets.remove(id);
    }

    Collection<FeedSocket> all() {
        return sockets.values();
    }

    private void accountChanged(long userId) {
        boolean any = false;
        for (FeedSocket socket : sockets.values()) {
            AccessTokens.Holder holder = socket.holder();
            if (holder != null && holder.userId() == userId) {
                socket.recheckAccount();
                any = true;
            }
        }
        if (any) {
            news.tellHere(new News.ForUser(userId));
        }
    }
}
