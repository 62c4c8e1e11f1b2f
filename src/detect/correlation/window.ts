/**
 * The two time-ordered containers a correlation group keeps its window in. Both are O(1)
 * amortized for hits in time order; a late hit is put in its place (O(n), and rare).
 *
 * - TimeDeque: (time, item) entries sorted by time, pushed at the back, expired from the front.
 * - LatestTimes: key → the time it was last seen, iterated oldest first (distinct values).
 */

export class TimeDeque<T> {
  private times: number[] = [];
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.times.length - this.head;
  }

  firstTime(): number | undefined {
    return this.times[this.head];
  }

  /** Adds an entry after every entry of the same or an earlier time. */
  push(time: number, item: T): void {
    const n = this.times.length;
    if (n === this.head || (this.times[n - 1] as number) <= time) {
      this.times.push(time);
      this.items.push(item);
      return;
    }
    let lo = this.head;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) <= time) lo = mid + 1;
      else hi = mid;
    }
    this.times.splice(lo, 0, time);
    this.items.splice(lo, 0, item);
  }

  /** Removes and returns the oldest entry's item. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head] as T;
    this.head++;
    this.compact();
    return item;
  }

  /** Removes the entries older than `cut`, calling `drop` with each. */
  expireBefore(cut: number, drop?: (item: T) => void): void {
    while (this.head < this.times.length && (this.times[this.head] as number) < cut) {
      if (drop !== undefined) drop(this.items[this.head] as T);
      this.head++;
    }
    this.compact();
  }

  private compact(): void {
    if (this.head === this.times.length) {
      this.times = [];
      this.items = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  entries(): [number, T][] {
    const out: [number, T][] = [];
    for (let i = this.head; i < this.times.length; i++)
      out.push([this.times[i] as number, this.items[i] as T]);
    return out;
  }

  static from<T>(entries: ReadonlyArray<readonly [number, T]>): TimeDeque<T> {
    const d = new TimeDeque<T>();
    for (const [t, item] of entries) d.push(t, item);
    return d;
  }
}

export class LatestTimes {
  private map = new Map<string, number>();
  /** An upper bound of the times held (exact while hits come in order). */
  private last = Number.NEGATIVE_INFINITY;

  get size(): number {
    return this.map.size;
  }

  get(key: string): number | undefined {
    return this.map.get(key);
  }

  firstTime(): number | undefined {
    for (const t of this.map.values()) return t;
    return undefined;
  }

  /** Records `key` seen at `time` (an older sighting than the one held changes nothing). */
  touch(key: string, time: number): void {
    const held = this.map.get(key);
    if (held !== undefined && held >= time) return;
    this.map.delete(key);
    if (time >= this.last) {
      this.map.set(key, time);
      this.last = time;
      return;
    }
    // a late sighting: put it after every key seen at the same or an earlier time
    const entries = [...this.map];
    let at = entries.length;
    while (at > 0 && (entries[at - 1] as [string, number])[1] > time) at--;
    entries.splice(at, 0, [key, time]);
    this.map = new Map(entries);
  }

  /** Drops the keys last seen before `cut`. */
  expireBefore(cut: number): void {
    for (const [k, t] of this.map) {
      if (t >= cut) break;
      this.map.delete(k);
    }
    if (this.map.size === 0) this.last = Number.NEGATIVE_INFINITY;
  }

  /** Drops the key seen longest ago. */
  dropOldest(): void {
    for (const k of this.map.keys()) {
      this.map.delete(k);
      break;
    }
    if (this.map.size === 0) this.last = Number.NEGATIVE_INFINITY;
  }

  entries(): [string, number][] {
    return [...this.map];
  }

  static from(entries: ReadonlyArray<readonly [string, number]>): LatestTimes {
    const l = new LatestTimes();
    for (const [k, t] of entries) l.touch(k, t);
    return l;
  }
}
