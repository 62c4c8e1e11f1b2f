/**
 * Aho-Corasick: finds which of many literal patterns occur in a text in one pass over the text
 * (time linear in the text plus the matches). The rule index uses one automaton per indexed field,
 * over the lower-cased literals the rules require there. Works on UTF-16 code units.
 *
 * The automaton works over a compressed alphabet (the characters that occur in some pattern get a
 * class each; every other character is class 0, which leads back to the root). States near the
 * root, where a scan spends most of its time, have a full row of next states (one table read per
 * character); deeper states keep their own transitions in a map and fall back along fail links.
 */
/** States this close to the root get a full row of next states. */
const DENSE_DEPTH = 3;

export class AhoCorasick {
  readonly size: number;
  private readonly classes: number;
  private readonly asciiClass = new Uint16Array(128);
  private readonly otherClass = new Map<number, number>();
  private readonly delta: Int32Array;
  private readonly denseRow: Int32Array;
  private readonly next: Map<number, number>[];
  private readonly fail: Int32Array;
  /** Patterns ending at a state, including those ending at its fail chain; null when none. */
  private readonly out: (number[] | null)[];

  constructor(patterns: readonly string[]) {
    this.size = patterns.length;
    let classes = 1;
    const classOf = (c: number): number => {
      if (c < 128) {
        let k = this.asciiClass[c] as number;
        if (k === 0) {
          k = classes++;
          this.asciiClass[c] = k;
        }
        return k;
      }
      let k = this.otherClass.get(c);
      if (k === undefined) {
        k = classes++;
        this.otherClass.set(c, k);
      }
      return k;
    };
    const next: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    patterns.forEach((p, i) => {
      let node = 0;
      for (let k = 0; k < p.length; k++) {
        const c = classOf(p.charCodeAt(k));
        let child = next[node]?.get(c);
        if (child === undefined) {
          child = next.length;
          next.push(new Map());
          ends.push([]);
          next[node]?.set(c, child);
        }
        node = child;
      }
      ends[node]?.push(i);
    });
    this.classes = classes;
    const n = next.length;
    const fail = new Int32Array(n);
    const depth = new Int32Array(n);
    const denseRow = new Int32Array(n).fill(-1);
    const out: (number[] | null)[] = new Array(n).fill(null);
    const order: number[] = [0];
    for (let qi = 0; qi < order.length; qi++) {
      const s = order[qi] as number;
      for (const child of next[s]?.values() ?? []) {
        depth[child] = (depth[s] as number) + 1;
        order.push(child);
      }
    }
    let rows = 0;
    for (const s of order) if ((depth[s] as number) <= DENSE_DEPTH) denseRow[s] = rows++;
    const delta = new Int32Array(rows * classes);
    this.next = next;
    this.fail = fail;
    this.denseRow = denseRow;
    this.delta = delta;
    // breadth-first: a state's fail state is shallower, so it is complete when needed
    for (const s of order) {
      const f = fail[s] as number;
      const own = ends[s] as number[];
      const inherited = s === 0 ? null : out[f];
      out[s] = own.length === 0 ? (inherited ?? null) : inherited ? [...own, ...inherited] : own;
      for (const [c, child] of next[s] ?? []) fail[child] = s === 0 ? 0 : this.step(f, c);
      const r = denseRow[s] as number;
      if (r < 0) continue;
      for (let c = 0; c < classes; c++) {
        const child = next[s]?.get(c);
        delta[r * classes + c] = child !== undefined ? child : s === 0 ? 0 : this.step(f, c);
      }
    }
    this.out = out;
  }

  private step(state: number, c: number): number {
    let s = state;
    for (;;) {
      const r = this.denseRow[s] as number;
      if (r >= 0) return this.delta[r * this.classes + c] as number;
      const t = this.next[s]?.get(c);
      if (t !== undefined) return t;
      s = this.fail[s] as number;
    }
  }

  /** Calls `found` with the index of every pattern occurring in `text` (once per occurrence). */
  search(text: string, found: (pattern: number) => void): void {
    const { delta, classes, asciiClass, otherClass, out, denseRow } = this;
    let state = 0;
    for (let k = 0; k < text.length; k++) {
      const code = text.charCodeAt(k);
      const c = code < 128 ? (asciiClass[code] as number) : (otherClass.get(code) ?? 0);
      const r = denseRow[state] as number;
      state = r >= 0 ? (delta[r * classes + c] as number) : this.step(state, c);
      const o = out[state];
      if (o != null) for (const p of o) found(p);
    }
  }
}
