/**
 * Aho-Corasick: finds which of many literal patterns occur in a text in one pass over the text
 * (time linear in the text plus the matches). The rule index uses one automaton per indexed field,
 * over the lower-cased literals the rules require there. Works on UTF-16 code units.
 *
 * The automaton is a complete DFA over a compressed alphabet: each ASCII character that occurs in
 * some pattern gets a class, every other ASCII character is class 0 (back towards the root), and
 * all non-ASCII characters share one class; a pattern holding non-ASCII characters is therefore
 * checked against the text when the automaton reports it, so the answers stay exact. The table
 * holds, for each state and class, the next state (16 bits where the states allow): one read per
 * character. States are numbered so that those where some pattern ends come last, which makes
 * "anything to report here?" one comparison.
 *
 * With `foldCase`, the automaton answers for the lower-cased text (its patterns must be lower
 * case): upper-case ASCII letters share their lower-case letter's class, so a text is scanned as
 * it is, without lower-casing it first. Where all patterns are ASCII, a non-ASCII character is
 * read as one no pattern holds, but for the two that lower-case to ASCII (U+212A to k, U+0130 to
 * i and a combining dot); otherwise a text with a non-ASCII character is lower-cased
 * (`toLowerCase`, whose few non-ASCII-to-ASCII mappings would not fold per class) and scanned.
 */

export interface AhoOptions {
  /** Find the patterns in the lower-cased text (patterns must be lower case). */
  foldCase?: boolean;
}

const NONE = -1;

export class AhoCorasick {
  readonly size: number;
  /** Number of states. */
  readonly states: number;
  private readonly patterns: readonly string[];
  private readonly foldCase: boolean;
  /** Characters per row (the number of classes). */
  private readonly stride: number;
  private readonly asciiClass = new Int32Array(128);
  /** The class of every non-ASCII character (0 when no pattern has one). */
  private readonly otherClass: number;
  /**
   * delta[state × stride + class] = the next state: 16 bits a state where there are few enough
   * (half the memory: most of a large automaton's cost is waiting for its rows).
   */
  private readonly delta: Uint16Array | Int32Array;
  /** The root. */
  private readonly startState: number;
  /** States from this one on are those where some pattern ends. */
  private readonly firstReport: number;
  /** Patterns ending exactly at a state: ownList[ownStart[s] .. ownStart[s + 1]). */
  private readonly ownStart: Int32Array;
  private readonly ownList: Int32Array;
  /** The nearest state on the fail chain where some pattern ends (NONE when there is none). */
  private readonly dictLink: Int32Array;
  /** Patterns holding a non-ASCII character: verified against the text when found. */
  private readonly verify: Uint8Array;
  /** Per state, the scan that last reported it (each state reports once per `collect`)... */
  private readonly seen: Uint32Array;
  /** ...unless one of its patterns needs verifying (it may hold at one place and not another). */
  private readonly verifies: Uint8Array;
  private scan = 0;

  constructor(patterns: readonly string[], options: AhoOptions = {}) {
    this.size = patterns.length;
    this.patterns = patterns;
    this.foldCase = options.foldCase === true;
    this.verify = new Uint8Array(patterns.length);
    // the alphabet
    let classes = 1;
    let nonAscii = false;
    for (const p of patterns) {
      for (let k = 0; k < p.length; k++) {
        const c = p.charCodeAt(k);
        if (c >= 128) nonAscii = true;
        else if (this.asciiClass[c] === 0) this.asciiClass[c] = classes++;
      }
    }
    this.otherClass = nonAscii ? classes++ : 0;
    if (this.foldCase) {
      for (let c = 65; c <= 90; c++) this.asciiClass[c] = this.asciiClass[c + 32] as number;
    }
    const stride = classes;
    this.stride = stride;
    // the trie, as a goto table (NONE = no edge), grown as needed
    let go = new Int32Array(Math.max(64, stride * 64)).fill(NONE);
    let n = 1;
    const ends: number[] = [];
    const endState: number[] = [];
    patterns.forEach((p, i) => {
      let s = 0;
      for (let k = 0; k < p.length; k++) {
        const c = p.charCodeAt(k);
        if (c >= 128) this.verify[i] = 1;
        const cls = c < 128 ? (this.asciiClass[c] as number) : this.otherClass;
        let t = go[s * stride + cls] as number;
        if (t === NONE) {
          t = n++;
          if (n * stride > go.length) {
            const bigger = new Int32Array(go.length * 2).fill(NONE);
            bigger.set(go);
            go = bigger;
          }
          go[s * stride + cls] = t;
        }
        s = t;
      }
      ends.push(i);
      endState.push(s);
    });
    this.states = n;
    // breadth-first: fail links, and the complete transition function in place of the goto table
    const fail = new Int32Array(n);
    const dictLink = new Int32Array(n).fill(NONE);
    const hasOwn = new Uint8Array(n);
    for (const s of endState) hasOwn[s] = 1;
    const order = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < stride; c++) {
      const t = go[c] as number;
      if (t === NONE) go[c] = 0;
      else {
        fail[t] = 0;
        order[tail++] = t;
      }
    }
    while (head < tail) {
      const s = order[head++] as number;
      const f = fail[s] as number;
      dictLink[s] = hasOwn[f] === 1 ? f : (dictLink[f] as number);
      for (let c = 0; c < stride; c++) {
        const t = go[s * stride + c] as number;
        if (t === NONE) go[s * stride + c] = go[f * stride + c] as number;
        else {
          fail[t] = go[f * stride + c] as number;
          order[tail++] = t;
        }
      }
    }
    // number the states: those with something to report last, each part breadth-first (the
    // shallow states, where a scan spends most of its time, share few cache lines)
    const reports = (s: number) => hasOwn[s] === 1 || dictLink[s] !== NONE;
    const rank = new Int32Array(n);
    const bfs = [0, ...order.subarray(0, tail)];
    let next = 0;
    for (const s of bfs) if (!reports(s)) rank[s] = next++;
    this.firstReport = next;
    for (const s of bfs) if (reports(s)) rank[s] = next++;
    this.startState = rank[0] as number;
    const delta = n <= 0x10000 ? new Uint16Array(n * stride) : new Int32Array(n * stride);
    for (let s = 0; s < n; s++) {
      const from = s * stride;
      const to = (rank[s] as number) * stride;
      for (let c = 0; c < stride; c++) delta[to + c] = rank[go[from + c] as number] as number;
    }
    this.delta = delta;
    // outputs, by new state number
    const own: number[][] = [];
    for (let k = 0; k < ends.length; k++) {
      const s = rank[endState[k] as number] as number;
      const list = own[s];
      if (list === undefined) own[s] = [ends[k] as number];
      else list.push(ends[k] as number);
    }
    this.ownStart = new Int32Array(n + 1);
    const flat: number[] = [];
    for (let s = 0; s < n; s++) {
      this.ownStart[s] = flat.length;
      for (const p of own[s] ?? []) flat.push(p);
    }
    this.ownStart[n] = flat.length;
    this.ownList = Int32Array.from(flat);
    this.dictLink = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      const d = dictLink[s] as number;
      this.dictLink[rank[s] as number] = d === NONE ? NONE : (rank[d] as number);
    }
    this.seen = new Uint32Array(n);
    this.verifies = new Uint8Array(n);
    for (const s of bfs) {
      const r = rank[s] as number;
      let v = 0;
      for (let j = this.ownStart[r] as number; j < (this.ownStart[r + 1] as number); j++) {
        v |= this.verify[this.ownList[j] as number] as number;
      }
      const d = this.dictLink[r] as number;
      this.verifies[r] = v | (d === NONE ? 0 : (this.verifies[d] as number)); // d is shallower: done
    }
  }

  /** Calls `found` with the index of every pattern occurring in `text` (once per occurrence). */
  search(text: string, found: (pattern: number) => void): void {
    const t = this.foldCase ? text.toLowerCase() : text;
    const { delta, stride, asciiClass, otherClass, firstReport } = this;
    let state = this.startState;
    for (let k = 0; k < t.length; k++) {
      const code = t.charCodeAt(k);
      state = delta[state * stride + (code < 128 ? (asciiClass[code] as number) : otherClass)] as number;
      if (state >= firstReport) {
        for (let s = state; s !== NONE; s = this.dictLink[s] as number) {
          const end = this.ownStart[s + 1] as number;
          for (let j = this.ownStart[s] as number; j < end; j++) {
            const p = this.ownList[j] as number;
            if (this.verify[p] === 0 || this.occursAt(t, p, k)) found(p);
          }
        }
      }
    }
  }

  /** Where `report` writes: the list and the next index. */
  private out: number[] = [];
  private n = 0;

  /**
   * Appends to `out` the patterns occurring in `text` (in the lower-cased text with `foldCase`),
   * each at least once (a pattern may be listed more than once).
   */
  collect(text: string, out: number[]): void {
    this.collectAt(text, out, out.length);
  }

  /**
   * Like `collect`, writing from `out[n]` on (whatever `out` held there) without changing the
   * list's length where it is long enough; returns the index past the last pattern written.
   */
  collectAt(text: string, out: number[], n: number): number {
    this.out = out;
    this.n = n;
    this.run(text);
    this.out = [];
    return this.n;
  }

  private run(text: string): void {
    this.scan = (this.scan + 1) >>> 0;
    if (this.scan === 0) {
      this.seen.fill(0);
      this.scan = 1;
    }
    const { delta, stride, asciiClass, firstReport } = this;
    let state = this.startState;
    for (let k = 0; k < text.length; k++) {
      const code = text.charCodeAt(k);
      if (code >= 128) {
        if (this.foldCase && this.otherClass === 0) {
          // ASCII patterns: of the non-ASCII characters only U+212A (Kelvin sign) lower-cases to
          // ASCII (k), and U+0130 (İ) to i plus a combining dot; the others match nothing
          if (code === 0x212a) state = delta[state * stride + (asciiClass[107] as number)] as number;
          else {
            if (code === 0x130) {
              state = delta[state * stride + (asciiClass[105] as number)] as number;
              if (state >= firstReport) this.report(state, text, k);
            }
            state = delta[state * stride] as number; // class 0: a character no pattern holds
          }
          if (state >= firstReport) this.report(state, text, k);
          continue;
        }
        // a non-ASCII character: fold the whole text the general way (or use it as it is)
        if (this.foldCase) this.collectFrom(text.toLowerCase(), 0, this.startState);
        else this.collectFrom(text, k, state);
        return;
      }
      state = delta[state * stride + (asciiClass[code] as number)] as number;
      if (state >= firstReport) this.report(state, text, k);
    }
  }

  private collectFrom(text: string, from: number, start: number): void {
    const { delta, stride, asciiClass, otherClass, firstReport } = this;
    let state = start;
    for (let k = from; k < text.length; k++) {
      const code = text.charCodeAt(k);
      state = delta[state * stride + (code < 128 ? (asciiClass[code] as number) : otherClass)] as number;
      if (state >= firstReport) this.report(state, text, k);
    }
  }

  private report(first: number, text: string, at: number): void {
    if (this.seen[first] === this.scan) return;
    if (this.verifies[first] === 0) this.seen[first] = this.scan;
    for (let s = first; s !== NONE; s = this.dictLink[s] as number) {
      const end = this.ownStart[s + 1] as number;
      for (let j = this.ownStart[s] as number; j < end; j++) {
        const p = this.ownList[j] as number;
        if (this.verify[p] === 0 || this.occursAt(text, p, at)) this.out[this.n++] = p;
      }
    }
  }

  /** Whether pattern `p` ends at index `at` of `text` (`text` lower-cased when folding). */
  private occursAt(text: string, p: number, at: number): boolean {
    const pattern = this.patterns[p] as string;
    return text.startsWith(pattern, at + 1 - pattern.length);
  }
}
