/**
 * Sigma string values: wildcards (`*`, `?`), the backslash escapes of the specification, and
 * `%placeholders%` (recognized only under the `expand` modifier); also CIDR parsing and printing
 * the parts back to Sigma text.
 */
import { isIP } from 'node:net';
import type { SigmaValue, StringPart } from './model.ts';

const PLACEHOLDER = /^%(\w+)%/;

/**
 * Splits a Sigma string into literal text and wildcards. `\*`, `\?` and `\\` escape; a backslash
 * before anything else is a plain backslash. With `expand`, `%name%` is a placeholder and `\%` a
 * plain percent sign.
 */
export function parseSigmaString(text: string, expand = false): StringPart[] {
  const parts: StringPart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\' || (expand && next === '%')) {
        literal += next;
        i += 2;
      } else {
        literal += '\\';
        i += 1;
      }
    } else if (c === '*' || c === '?') {
      flush();
      parts.push({ wildcard: c });
      i += 1;
    } else if (c === '%' && expand) {
      const m = PLACEHOLDER.exec(text.slice(i));
      if (m === null) {
        literal += c;
        i += 1;
      } else {
        flush();
        parts.push({ placeholder: m[1] as string });
        i += m[0].length;
      }
    } else {
      literal += c;
      i += 1;
    }
  }
  flush();
  return parts;
}

/** The Sigma text of string parts (the inverse of `parseSigmaString`). */
export function printSigmaString(parts: StringPart[], expand = false): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p.replace(expand ? /[\\*?%]/g : /[\\*?]/g, (c) => `\\${c}`);
      if ('wildcard' in p) return p.wildcard;
      return `%${p.placeholder}%`;
    })
    .join('');
}

/** Parses `10.0.0.0/8` or `fe80::/10`; returns the reason when it is not a valid CIDR. */
export function parseCidr(text: string): SigmaValue | string {
  const slash = text.indexOf('/');
  const network = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(network);
  if (version !== 4 && version !== 6) return `"${text}" is not a CIDR network (an IPv4 or IPv6 address)`;
  const max = version === 4 ? 32 : 128;
  if (slash < 0) return { kind: 'cidr', network, prefix: max, version };
  const prefixText = text.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > max) {
    return `"${text}" has an invalid prefix length (0..${max} for IPv${version})`;
  }
  return { kind: 'cidr', network, prefix, version };
}
