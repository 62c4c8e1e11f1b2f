/**
 * Keyword (field-less) searches look for their values across the entire event, as the Sigma
 * specification says: in the event as Vigil received it (`event.original`, which every parser
 * keeps unchanged), the way Splunk searches `_raw`, and in the `message` where a parser writes
 * there what the raw holds encoded (auditd's hex-encoded arguments). The pipelines say which
 * (`keywords:`; `DEFAULT_KEYWORD_FIELDS` both): Windows events search the raw only, since their
 * message is the raw's own or rendered from the event data the raw holds.
 *
 * Inside a raw event a value may be written escaped: `C:\Windows` is `C:\\Windows` in a JSON
 * document, `a & b` is `a &amp; b` in Windows event XML, `x=y` is `x\=y` in a CEF extension. So a
 * keyword is searched in each form the raw text may hold it in (`rawForms`); a keyword without
 * such characters has only its own form.
 */
import type { GlobToken } from './glob.ts';

const hex4 = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

const JSON_SHORT: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** JSON string escaping: quotes, backslashes and control characters (every encoder does these). */
function jsonChar(ch: string): string {
  const short = JSON_SHORT[ch];
  if (short !== undefined) return short;
  const c = ch.charCodeAt(0);
  return c < 0x20 ? hex4(c) : ch;
}

/** Each escaping a raw text may use: a function of one character. */
const SCHEMES: readonly ((ch: string) => string)[] = [
  // JSON, as most encoders write it
  jsonChar,
  // JSON with `/` escaped (PHP, some Java encoders)
  (ch) => (ch === '/' ? '\\/' : jsonChar(ch)),
  // JSON with HTML-sensitive characters escaped (Go's encoding/json)
  (ch) =>
    ch === '<' || ch === '>' || ch === '&' || ch === '\u2028' || ch === '\u2029'
      ? hex4(ch.charCodeAt(0))
      : jsonChar(ch),
  // JSON with everything outside ASCII escaped (Python's json.dumps)
  (ch) => (ch.charCodeAt(0) > 0x7e ? hex4(ch.charCodeAt(0)) : jsonChar(ch)),
  // XML text and attribute values (Windows event XML): all five entities...
  (ch) => XML_ALL[ch] ?? ch,
  // ...only the ones text content needs...
  (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch),
  (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch),
  // CEF extension values and header fields
  (ch) => (ch === '\\' ? '\\\\' : ch === '=' ? '\\=' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch),
  (ch) => (ch === '\\' ? '\\\\' : ch === '|' ? '\\|' : ch),
  // RFC 5424 structured-data parameter values
  (ch) => (ch === '\\' || ch === '"' || ch === ']' ? `\\${ch}` : ch),
];

const XML_ALL: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Characters some scheme writes otherwise. */
const SPECIAL = /["\\/<>&'=|\]\u0000-\u001f\u007f-\uffff]/;

function escaped(text: string, scheme: (ch: string) => string): string {
  if (!SPECIAL.test(text)) return text;
  let out = '';
  // by UTF-16 code unit: JSON writes a character outside the BMP as two escapes
  for (let i = 0; i < text.length; i++) out += scheme(text[i] as string);
  return out;
}

/**
 * The forms a keyword's pattern takes in raw events: itself, and each distinct escaped form of it
 * (the literal parts escaped, wildcards kept). The first is the pattern itself.
 */
export function rawForms(tokens: readonly GlobToken[]): GlobToken[][] {
  const out: GlobToken[][] = [[...tokens]];
  if (!tokens.some((t) => typeof t === 'string' && SPECIAL.test(t))) return out;
  const seen = new Set([JSON.stringify(tokens)]);
  for (const scheme of SCHEMES) {
    const form = tokens.map((t) => (typeof t === 'string' ? escaped(t, scheme) : t));
    const key = JSON.stringify(form);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(form);
  }
  return out;
}
