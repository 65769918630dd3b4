package com.speedmatch.news;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One piece of news, told on this instance and relayed to the others. It says only what changed,
 * never the new state: whoever hears it looks again, so a lost or doubled message costs a wait or
 * a read, never a wrong answer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = News.ForUser.class, name = "user"),
    @JsonSubTypes.Type(value = News.Account.class, name = "account"),
    @JsonSubTypes.Type(value = News.Call.class, name = "call"),
    @JsonSubTypes.Type(value = News.Pool.class, name = "pool")
})
public sealed interface News permits News.ForUser, News.Account, News.Call, News.Pool {

    /** The user has news (a pairing, a signal, an event in the feed): their waiting requests look again. */
    record ForUser(long userId) implements News {}

    /**
     * The account changed (closed, suspended, banned, signed out everywhere): what was cached of it
     * is dropped, and the user's waiting requests and sockets look again.
     */
    record Account(long userId) implements News {}

    /** A call changed: what was remembered of it is dropped. */
    record Call(long videoSessionId) implements News {}

    /** Someone entered or came back to the pool: the matchmaker looks at once. */
    record Pool() implements News {}
}
