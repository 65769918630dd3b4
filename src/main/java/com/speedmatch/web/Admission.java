package com.speedmatch.web;

/**
 * Admission control as other modules use it, for work that is not an HTTP request (a frame on the
 * feed socket): at most {@code admission.max-concurrent} pieces of work at once, counted together
 * with the requests.
 */
public interface Admission {

    /** A permit, or false at capacity (then answer "busy, retry in a second" and do nothing). */
    boolean tryEnter();

    /** Gives back a permit {@link #tryEnter} gave. */
    void leave();
}
