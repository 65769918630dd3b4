package com.speedmatch.longpoll;

/** Carries "user X has news" to the other instances of a cluster; best effort, never blocking. */
@FunctionalInterface
public interface NewsRelay {

    void send(long userId);

    /** The account changed: the other instances drop what they cached of it. */
    default void accountChanged(long userId) {}

    /** A call changed: the other instances drop what they remember of it. */
    default void callChanged(long videoSessionId) {}

    /** Someone entered the pool: the other instances' matchmakers look at once. */
    default void poolChanged() {}
}
