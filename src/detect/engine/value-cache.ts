/**
 * Answers remembered for the values a field repeats: the same `Image`, `User` or `ParentImage`
 * comes back event after event, and what the rule index finds in a value (or what a regular
 * expression says of it) depends on the value alone. A value seen lately is answered by one hash
 * look-up instead of a walk through a large automaton or a call into RE2. Bounded three ways:
 * - only values up to `maxLength` characters are kept (long ones are rarely repeated);
 * - each cache keeps two generations of at most `generation` values: when the recent one is full
 *   it becomes the older one and the older one is dropped (a value of the older generation that
 *   comes back moves into the recent one), so a cache holds at most 2 × `generation`;
 * - the caches sharing a {@link CacheBudget} hold values of at most its `limit` characters
 *   together: past that, a cache that adds a value drops its older generation first. A cache that
 *   is garbage-collected gives its characters back to the budget.
 * A cache whose values rarely repeat (under {@link MIN_HIT_RATE} of a window of look-ups) stops
 * for a while and then tries again, so that a field of unique values (command lines with GUIDs in
 * them) does not pay for look-ups that never hit.
 */

/** Look-ups per window over which a cache's hit rate is judged. */
const WINDOW = 4096;
const MIN_HIT_RATE = 0.2;
/** Look-ups a cache sits out once its hit rate was too low. */
const PAUSE = 65_536;

/** The characters of the values held by the caches sharing it, and their limit. */
export class CacheBudget {
  held = 0;
  constructor(readonly limit: number) {}
}

export interface ValueCacheOptions {
  /** Values longer than this are not cached (default 128 characters). */
  maxLength?: number;
  /** Values per generation (default 1024). */
  generation?: number;
}

/** What a cache holds of its budget (kept apart from the cache, for the finalizer). */
interface Share {
  budget: CacheBudget;
  held: number;
}

/**
 * A copy of `s` that holds nothing else: a value cut from a larger text (a field sliced out of a
 * raw syslog line) would otherwise keep that whole text alive as long as it is cached. Joining
 * flattens into a new string of |s| + 1 characters, of which the slice keeps only that.
 */
function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1); // V8 does not slice strings shorter than 13
}

const giveBack = new FinalizationRegistry<Share>((share) => {
  share.budget.held -= share.held;
});

export class ValueCache<T> {
  private recent = new Map<string, T>();
  private older = new Map<string, T>();
  private readonly maxLength: number;
  private readonly generation: number;
  private readonly share: Share;
  private lookups = 0;
  private hits = 0;
  /** Look-ups and hits since the cache was made (for the benchmark and the engine's counters). */
  readonly totals = { lookups: 0, hits: 0 };
  /** Look-ups left to sit out (the values did not repeat enough). */
  private paused = 0;

  constructor(budget: CacheBudget, options: ValueCacheOptions = {}) {
    this.maxLength = options.maxLength ?? 128;
    this.generation = options.generation ?? 1024;
    this.share = { budget, held: 0 };
    giveBack.register(this, this.share);
  }

  /** The remembered answer for `value`, or undefined (then `set` it). */
  get(value: string): T | undefined {
    if (this.sitsOut()) return undefined;
    if (value.length > this.maxLength) return undefined;
    this.totals.lookups++;
    if (++this.lookups === WINDOW) this.judge();
    let found = this.recent.get(value);
    if (found === undefined) {
      found = this.older.get(value);
      if (found === undefined) return undefined;
      this.older.delete(value);
      this.count(-value.length);
      this.add(value, found);
    }
    this.hits++;
    this.totals.hits++;
    return found;
  }

  /**
   * Whether the cache sits this look-up out (its values did not repeat enough lately), counting
   * it: a caller whose key costs work to build (`projectionKey`) asks first.
   */
  sitsOut(): boolean {
    if (this.paused === 0) return false;
    this.paused--;
    return true;
  }

  /** Whether an answer for `value` would be kept (the cache is on, the value short enough). */
  wants(value: string): boolean {
    return this.paused === 0 && value.length <= this.maxLength;
  }

  /** Remembers the answer for `value` (unless it is not wanted). */
  set(value: string, answer: T): void {
    if (this.wants(value)) this.add(value, answer);
  }

  /** Values held now. */
  get size(): number {
    return this.recent.size + this.older.size;
  }

  /** Characters of the values held now. */
  get characters(): number {
    return this.share.held;
  }

  private add(value: string, answer: T): void {
    const budget = this.share.budget;
    if (this.recent.size >= this.generation || budget.held >= budget.limit) {
      this.count(-this.olderCharacters());
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(detached(value), answer);
    this.count(value.length);
  }

  private olderCharacters(): number {
    let n = 0;
    for (const k of this.older.keys()) n += k.length;
    return n;
  }

  private count(n: number): void {
    this.share.held += n;
    this.share.budget.held += n;
  }

  private judge(): void {
    if (this.hits < MIN_HIT_RATE * this.lookups) {
      this.paused = PAUSE;
      this.count(-this.share.held);
      this.recent = new Map();
      this.older = new Map();
    }
    this.lookups = 0;
    this.hits = 0;
  }
}
