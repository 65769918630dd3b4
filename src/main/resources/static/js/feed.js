// One feed of news (GET /api/events): a single long-poll per signed-in page carries pairings, call
// state changes, signals and matches calling. The cursor (after=) acknowledges what was handled, so a
// dropped response loses nothing, and the signals it carried leave their call's queue. reset means
// "events may be gone": the page re-reads /current.

import { api } from './api.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Feed {
  constructor({ onEvent, onReset, onTrouble, onRecovered }) {
    Object.assign(this, { onEvent, onReset, onTrouble, onRecovered });
    this.running = false;
    this.cursor = null;
  }

  /** Takes the cursor to start from; read /current after this, then every change arrives here. */
  async start() {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.cursor = (await api.events(null, 0)).last_seq;
    this.loop();
  }

  async loop() {
    let failing = false;
    while (this.running) {
      try {
        const page = await api.events(this.cursor, failing ? 0 : 20, this.abort.signal);
        if (failing) this.onRecovered();
        failing = false;
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
      } catch (e) {
        if (!this.running) return;
        if (e.status === 401 || e.status === 403) return this.stop();
        failing = true;
        this.onTrouble(e);
        await sleep(2000); // network trouble: a 2 s poll until it answers again
      }
    }
  }

  stop() {
    this.running = false;
    this.abort?.abort();
  }
}
