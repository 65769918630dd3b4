package com.speedmatch.platform;

/** Carries "user X has news" to the other instances of a cluster; best effort, never blocking. */
@FunctionalInterface
public interface NewsRelay {

    void send(long userId);
}
