package com.speedmatch.news.internal;

import com.speedmatch.news.News;

/** Carries news to the other instances of a cluster: best effort, and never blocking the teller. */
public interface NewsRelay {

    void send(News news);
}
