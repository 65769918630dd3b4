package com.speedmatch.news;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A waiting request woken by news must never read a cache the same news is about to drop: caches
 * hear it first, whenever they subscribed, and each listener hears only its own kind of news.
 */
class NewsBusTests {

    private final NewsBus bus = new NewsBus();
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @Test
    void cachesForgetBeforeAnyListenerHearsTheSameNews() {
        bus.listen(News.ForUser.class, news -> heard.add("wake " + news.userId()));
        bus.forgetOn(News.ForUser.class, news -> heard.add("forget " + news.userId()));

        bus.publish(new News.ForUser(7));

        assertThat(heard).containsExactly("forget 7", "wake 7");
    }

    @Test
    void eachListenerHearsOnlyItsKindOfNews() {
        bus.listen(News.Account.class, news -> heard.add("account " + news.userId()));
        bus.listen(News.Call.class, news -> heard.add("call " + news.videoSessionId()));
        bus.listen(News.Pool.class, news -> heard.add("pool"));

        bus.publish(new News.ForUser(1));
        bus.publish(new News.Call(42));
        bus.tellHere(new News.Account(3));
        bus.publish(new News.Pool());

        assertThat(heard).containsExactly("call 42", "account 3", "pool");
    }
}
