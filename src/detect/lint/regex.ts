/**
 * The literal text a regular expression's every match must contain, read conservatively:
 * classes, `.`, escapes like `\d` and optional atoms break a literal run; a group counts when it
 * is required. For an alternation, every match contains one of the branches' literals, so the
 * result is the weakest branch's (an index can look for any of them): what matters is its
 * length. The lint uses it to tell a regex the engine can anchor on from one it must run on
 * every value.
 */

const CLASS_ESCAPES = new Set([...'dDwWsSbBAzZGpPxucek0123456789']);
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };

/** Index just past the `]` closing the class that opens at `i`. */
function skipClass(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index of the `)` closing the group that opens at `i` (or the end). */
function closeGroup(p: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < p.length) {
    const c = p[j];
    if (c === '\\') j += 2;
    else if (c === '[') j = skipClass(p, j);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j;
      j++;
    }
  }
  return p.length;
}

/** The top-level branches of an alternation. */
function branches(p: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let j = 0;
  while (j < p.length) {
    const c = p[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '[') {
      j = skipClass(p, j);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(p.slice(start, j));
      start = j + 1;
    }
    j++;
  }
  out.push(p.slice(start));
  return out;
}

/** Whether the quantifier at `i` (if any) makes the preceding atom optional; and where it ends. */
function quantifier(p: string, i: number): { optional: boolean; repeated: boolean; end: number } {
  const c = p[i];
  let end = i;
  let optional = false;
  let repeated = false;
  if (c === '*' || c === '?') {
    optional = true;
    repeated = c === '*';
    end = i + 1;
  } else if (c === '+') {
    repeated = true;
    end = i + 1;
  } else if (c === '{') {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(p.slice(i));
    if (m !== null) {
      optional = m[1] === '' || Number(m[1]) === 0;
      repeated = m[2] === ',' || Number(m[3] || m[1]) > 1;
      end = i + m[0].length;
    }
  }
  if (end > i && (p[end] === '?' || p[end] === '+')) end++; // lazy or possessive
  return { optional, repeated, end };
}

/** The longest literal every match of `pattern` contains ('' when there is none). */
export function regexLiteral(pattern: string): string {
  const body = pattern.replace(/^\(\?[imsx]+\)/, '');
  const alts = branches(body);
  if (alts.length > 1) {
    return alts.map(regexLiteral).reduce((a, b) => (b.length < a.length ? b : a));
  }
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    let atom: string | null = null; // literal text of the atom, or null when it is not literal
    let next: number;
    if (c === '\\') {
      const e = body[i + 1] ?? '';
      atom = CLASS_ESCAPES.has(e) ? null : (CONTROL_ESCAPES[e] ?? e);
      next = i + 2;
    } else if (c === '[') {
      next = skipClass(body, i);
    } else if (c === '(') {
      const close = closeGroup(body, i);
      const inner = body.slice(i + 1, close).replace(/^\?(?:[:=!>]|<[=!]|P?<\w+>|[imsx-]+:)/, '');
      const q = quantifier(body, close + 1);
      end();
      const lookaround =
        /^\?[=!<]/.test(body.slice(i + 1, close)) && !/^\?P?<\w+>/.test(body.slice(i + 1, close));
      if (!q.optional && !lookaround && !inner.startsWith('?')) {
        const lit = regexLiteral(inner);
        if (lit.length > best.length) best = lit;
      }
      i = Math.max(q.end, close + 1);
      continue;
    } else if ('.^$'.includes(c)) {
      next = i + 1;
    } else {
      atom = c;
      next = i + 1;
    }
    const q = quantifier(body, next);
    if (atom === null || q.optional) end();
    else {
      run += atom;
      if (q.repeated) end();
    }
    i = Math.max(q.end, next);
  }
  end();
  return best;
}
