package com.speedmatch.news;

import com.speedmatch.news.internal.NewsRelay;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells news to whoever listens on this instance and relays it to the other instances (cluster
 * mode; nothing else on one instance). News heard from another instance is told here the same way.
 *
 * <p>Two kinds of listener, in this order: caches first ({@link #forgetOn}), then everyone else
 * ({@link #listen}). A waiting request woken by news therefore never reads a cache that the same
 * news is about to drop.
 */
@Slf4j
@Component
public class NewsBus {

    private record Listener<T extends News>(Class<T> type, Consumer<? super T> action) {
        void tell(News news) {
            if (type.isInstance(news)) {
                action.accept(type.cast(news));
            }
        }
    }

    private final List<Listener<?>> caches = new CopyOnWriteArrayList<>();
    private final List<Listener<?>> listeners = new CopyOnWriteArrayList<>();
    private final NewsRelay relay;

    @Autowired
    NewsBus(ObjectProvider<NewsRelay> relay) {
        this.relay = relay.getIfAvailable(() -> news -> {});
    }

    /** A bus for one instance, relaying nothing. */
    public NewsBus() {
        this.relay = news -> {};
    }

    /** Tells the news here, then to the other instances. Never blocks on them. */
    public void publish(News news) {
        tellHere(news);
        relay.send(news);
    }

    /** Tells the news on this instance only: news heard from another one, or a change only this one must act on first. */
    public void tellHere(News news) {
        caches.forEach(cache -> cache.tell(news));
        listeners.forEach(listener -> listener.tell(news));
    }

    /** A cache to drop entries from: told before any {@link #listen listener}. */
    public <T extends News> void forgetOn(Class<T> type, Consumer<? super T> forget) {
        caches.add(new Listener<>(type, forget));
    }

    /** Called on every piece of news of the type, from this instance or another. Keep it short: it runs on the teller's thread. */
    public <T extends News> void listen(Class<T> type, Consumer<? super T> listener) {
        listeners.add(new Listener<>(type, listener));
    }
}
