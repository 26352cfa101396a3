import type { StoredEvent } from "../domain/events.js";

/** Sentinel seq (Postgres int max) meaning "read the store from where you are": a quiet spell, or an overflow. */
export const READ_STORE = 2_147_483_647;

const bySeq = (a: StoredEvent, b: StoredEvent): number => a.seq - b.seq;

/**
 * What one subscriber's stream holds of the live events it has not yet
 * yielded, taken in seq order. Appending and taking cost O(1) (live events
 * arrive in order; a rare one out of order sorts what is held once). It
 * holds at most `max` events: a subscriber that falls further behind (a run
 * printing faster than its socket drains) gets the sentinel instead, drops
 * what is held, ignores live events until it takes the sentinel, and reads
 * them from the store, where every published event already is.
 */
export class LiveBuffer {
  private items: StoredEvent[] = [];
  private head = 0;
  private sorted = true;
  private overflowed = false;

  constructor(private readonly max = 10_000) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** True while events are being dropped for the store to supply (until the sentinel is taken). */
  get behind(): boolean {
    return this.overflowed;
  }

  add(events: readonly StoredEvent[]): void {
    for (const e of events) {
      if (this.overflowed) return;
      if (this.size >= this.max) {
        this.items = [{ seq: READ_STORE } as StoredEvent];
        this.head = 0;
        this.sorted = true;
        this.overflowed = true;
        return;
      }
      const last = this.items[this.items.length - 1];
      if (this.size > 0 && last && e.seq < last.seq) this.sorted = false;
      this.items.push(e);
    }
  }

  /** The held event with the lowest seq, removed; undefined when none is held. */
  take(): StoredEvent | undefined {
    if (this.size === 0) return undefined;
    if (!this.sorted) {
      this.items = this.items.slice(this.head).sort(bySeq);
      this.head = 0;
      this.sorted = true;
    }
    const e = this.items[this.head++] as StoredEvent;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (e.seq === READ_STORE) this.overflowed = false;
    return e;
  }

  /** Gives back the event just taken (it cannot be delivered yet): it is taken first again. */
  putBack(e: StoredEvent): void {
    if (this.head > 0) this.items[--this.head] = e;
    else this.items.unshift(e);
  }
}
