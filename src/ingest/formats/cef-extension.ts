/**
 * The CEF extension: `key=value key2=value with spaces ...`, in one linear pass.
 * A key is a run of key characters (letters, digits, `_`, `.`, `-`) that starts the text or
 * follows a space and is followed by an unescaped `=`; the value of the previous key runs up to
 * the space before it (trailing spaces dropped). An `=` inside a value that is not such a key
 * (`request=http://x/?a=b`) stays in the value. Values unescape `\=` `\\` `\|` `\n` `\r`; any
 * other backslash is kept as written (vendors rarely escape Windows paths).
 * Text before the first key is returned as `leading`. More than `MAX_CEF_PAIRS` pairs is a
 * rejection (hostile input).
 */

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const BACKSLASH = 0x5c;
const SP = 0x20;

export const MAX_CEF_PAIRS = 1000;

/** Keys and decoded values in order of appearance, and any text before the first key. */
export interface ExtensionPairs {
  keys: string[];
  values: string[];
  leading: string;
}

const EQ = 0x3d;

function isKeyChar(c: number): boolean {
  const l = c | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** Decodes the CEF extension escapes in [start, stop) of `text`. */
export function unescapeExtension(text: string, start: number, stop: number): string {
  const parts: string[] = [];
  let from = start;
  for (let i = start; i < stop - 1; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    const n = text.charCodeAt(i + 1);
    let out: string | null = null;
    if (n === EQ || n === BACKSLASH || n === 0x7c) out = String.fromCharCode(n);
    else if (n === 0x6e) out = '\n';
    else if (n === 0x72) out = '\r';
    if (out === null) continue;
    parts.push(text.slice(from, i), out);
    from = i + 2;
    i++;
  }
  parts.push(text.slice(from, stop));
  return parts.join('');
}

/** The value in [start, stop) without trailing spaces, unescaped when it contains a backslash. */
function extensionValue(text: string, start: number, stop: number, escaped: boolean): string {
  let s = stop;
  while (s > start && text.charCodeAt(s - 1) === SP) s--;
  return escaped ? unescapeExtension(text, start, s) : text.slice(start, s);
}

/** Splits the extension in [start, end) of `text`; a string result is a rejection reason. */
export function readExtension(text: string, start: number, end: number): ExtensionPairs | string {
  const keys: string[] = [];
  const values: string[] = [];
  let leading = '';
  let wordStart = start;
  let wordIsKey = true;
  let valueStart = -1;
  let valueEscaped = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      wordIsKey = false;
      valueEscaped = true;
      i++;
    } else if (c === SP) {
      wordStart = i + 1;
      wordIsKey = true;
    } else if (c === EQ && wordIsKey && i > wordStart) {
      if (keys.length >= MAX_CEF_PAIRS) {
        return `extension has more than ${MAX_CEF_PAIRS} key=value pairs; refusing the line as hostile`;
      }
      if (valueStart < 0) leading = text.slice(start, wordStart).trim();
      else values.push(extensionValue(text, valueStart, wordStart, valueEscaped));
      keys.push(text.slice(wordStart, i));
      valueStart = i + 1;
      valueEscaped = false;
      wordIsKey = false;
    } else if (wordIsKey && !isKeyChar(c)) {
      wordIsKey = false;
    }
  }
  if (valueStart < 0) leading = text.slice(start, end).trim();
  else values.push(extensionValue(text, valueStart, end, valueEscaped));
  return { keys, values, leading };
}
