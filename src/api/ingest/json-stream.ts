/**
 * Splits a body of concatenated JSON values (`{...}{...}` or whitespace/newline separated), as
 * Splunk HEC clients send them, into the text of each value. Only finds boundaries; each piece is
 * then parsed by JSON.parse. Returns the index of the first piece that is not a complete object.
 */
export type SplitResult = { ok: true; pieces: string[] } | { ok: false; index: number; pieces: string[] };

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export function splitConcatenatedJson(text: string): SplitResult {
  const pieces: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && SPACE.has(text.charCodeAt(i))) i++;
    if (i >= n) return { ok: true, pieces };
    if (text.charCodeAt(i) !== 0x7b /* { */) return { ok: false, index: pieces.length, pieces };
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x22 /* " */) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) return { ok: false, index: pieces.length, pieces };
    pieces.push(text.slice(start, i));
  }
}
