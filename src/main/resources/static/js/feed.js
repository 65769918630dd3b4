// One feed of news per signed-in page: pairings, call state changes, signals and matches calling.
// It comes over a WebSocket (GET /api/events/ws) when one can open, and otherwise through the
// long-poll (GET /api/events), which is also where it goes back to when sockets keep failing (a
// proxy that refuses upgrades). Either way the cursor acknowledges what was handled, so a dropped
// connection loses nothing and the signals it carried leave their call's queue; reset means
// "events may be gone": the page re-reads /current.
//
// ?transport=poll in the page's address keeps it on the long-poll.

import { ApiError, accessToken, api, onAccessToken, sendSignalsThrough } from './api.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PING_EVERY_MS = 25_000; // under the idle timeouts of NATs and proxies
const PONG_WITHIN_MS = 10_000; // else the socket is gone without a close (a middlebox dropped it)
const SOCKET_FAILURES_BEFORE_POLLING = 3;

export class Feed {
  constructor({ onEvent, onReset, onTrouble, onRecovered }) {
    Object.assign(this, { onEvent, onReset, onTrouble, onRecovered });
    this.running = false;
    this.cursor = null;
    this.transport = null; // 'socket' or 'poll', for the page and its tests
    this.wantSocket = new URLSearchParams(location.search).get('transport') !== 'poll' && 'WebSocket' in window;
  }

  /** Takes the cursor to start from; read /current after this, then every change arrives here. */
  async start() {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.cursor = (await api.events(null, 0)).last_seq;
    this.run();
  }

  async run() {
    let socketFailures = 0;
    while (this.running && this.wantSocket && socketFailures < SOCKET_FAILURES_BEFORE_POLLING) {
      const outcome = await this.socket();
      if (!this.running) return;
      if (outcome.code === 4401 || outcome.code === 4403) return this.stop(); // signed out, closed or banned
      socketFailures = outcome.opened ? 0 : socketFailures + 1;
      if (outcome.opened) {
        this.troubled = true;
        this.onTrouble(new Error('The connection dropped; reconnecting'));
      }
      // Displaced by a newer connection of this user (another tab): wait before taking it back.
      await sleep(outcome.code === 4409 ? 5_000 : Math.min(10_000, 500 * 2 ** socketFailures));
    }
    if (this.running) this.poll();
  }

  /** One socket, until it closes: whether it opened (an events frame came) and its close code. */
  socket() {
    return new Promise((resolve) => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events/ws`;
      const ws = new WebSocket(url);
      const pending = []; // signals sent and not yet answered, answered in order
      let opened = false;
      let pingTimer = null;
      let pongTimer = null;
      let stopTokens = () => {};
      const finish = (code) => {
        clearInterval(pingTimer);
        clearTimeout(pongTimer);
        stopTokens();
        sendSignalsThrough(null);
        this.closeSocket = null;
        pending.splice(0).forEach((p) => p.reject(new ApiError(503, { detail: 'The connection dropped' })));
        resolve({ opened, code });
      };
      this.closeSocket = () => ws.close(1000, 'bye');
      const send = (frame) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(frame));

      ws.onopen = async () => {
        try {
          send({ type: 'auth', token: await accessToken(), after: this.cursor });
        } catch (e) {
          ws.close(1000, 'signed out');
        }
      };
      ws.onmessage = async (message) => {
        const frame = JSON.parse(message.data);
        if (frame.type === 'events') {
          if (!opened) {
            opened = true;
            this.transport = 'socket';
            if (this.troubled) this.onRecovered();
            this.troubled = false;
            stopTokens = onAccessToken((token) => send({ type: 'auth', token }));
            sendSignalsThrough((sessionId, type, data) => new Promise((resolve, reject) => {
              pending.push({ resolve, reject });
              send({ type: 'signal', session_id: sessionId, signal_type: type, data });
            }));
            pingTimer = setInterval(() => {
              send({ type: 'ping' });
              pongTimer ??= setTimeout(() => ws.close(4000, 'no pong'), PONG_WITHIN_MS);
            }, PING_EVERY_MS);
          }
          await this.handle(frame);
          send({ type: 'ack', after: this.cursor });
        } else if (frame.type === 'pong') {
          clearTimeout(pongTimer);
          pongTimer = null;
        } else if (frame.type === 'signal_ack') {
          pending.shift()?.resolve({ seq: frame.seq });
        } else if (frame.type === 'error') {
          const waiting = pending.shift();
          if (waiting) waiting.reject(new ApiError(frame.status, frame, frame.retry_after));
          else console.warn('Feed socket error', frame);
        }
      };
      ws.onclose = (event) => finish(event.code);
    });
  }

  /** The long-poll: one parked request at a time, the cursor in each. */
  async poll() {
    this.transport = 'poll';
    let failing = false;
    while (this.running) {
      try {
        const page = await api.events(this.cursor, failing ? 0 : 20, this.abort.signal);
        if (failing) this.onRecovered();
        failing = false;
        await this.handle(page);
      } catch (e) {
        if (!this.running) return;
        if (e.status === 401 || e.status === 403) return this.stop();
        failing = true;
        this.onTrouble(e);
        await sleep(2000); // network trouble: a 2 s poll until it answers again
      }
    }
  }

  async handle(page) {
    for (const event of page.events) {
      try {
        this.onEvent(event);
      } catch (e) {
        console.warn('Event not applied', event.type, e);
      }
    }
    this.cursor = Math.max(this.cursor, page.last_seq);
    if (page.reset) {
      this.cursor = page.last_seq;
      await this.onReset();
    }
  }

  stop() {
    this.running = false;
    this.abort?.abort();
    this.closeSocket?.();
  }
}
