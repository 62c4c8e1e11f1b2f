/**
 * RFC 5424 STRUCTURED-DATA: `-` or one or more `[SD-ID name="value" ...]` elements.
 * Each parameter becomes `log.syslog.structured_data.<SD-ID>.<name>`; a repeated parameter (or a
 * repeated SD-ID) makes the value an array in order of appearance. In values `\"`, `\\` and `\]`
 * are unescaped; any other backslash is kept as written (RFC 5424 §6.3.3).
 * An SD-ID without parameters leaves no field (the text stays in `event.original`).
 * Hostile input is capped: more than `MAX_SD_PARAMS` elements and parameters together is a rejection.
 */
import type { VigilEvent } from '../../core/event.ts';
import { excerpt, FieldNames } from './syslog-scan.ts';

// Local copies: under tsx an imported binding costs a getter call per use, too slow in scan loops.
const BACKSLASH = 0x5c;
const SP = 0x20;

export const MAX_SD_PARAMS = 1000;

const BY_ID = new Map<string, FieldNames>();

/** Field names for the parameters of one SD-ID (`log.syslog.structured_data.<id>.`), cached. */
function namesOf(id: string): FieldNames {
  let names = BY_ID.get(id);
  if (names === undefined) {
    names = new FieldNames(`log.syslog.structured_data.${id}.`, 1000);
    if (BY_ID.size >= 1000) BY_ID.clear();
    BY_ID.set(id, names);
  }
  return names;
}
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const QUOTE = 0x22;
const EQ = 0x3d;

/** Result of reading STRUCTURED-DATA: the index after it, or a rejection text (no format prefix). */
export type SdRead = { next: number } | { error: string };

function isNameChar(c: number): boolean {
  return c > SP && c < 0x7f && c !== EQ && c !== RBRACKET && c !== QUOTE;
}

const tooMany = (): string =>
  `more than ${MAX_SD_PARAMS} structured-data elements and parameters; refusing the line as hostile`;

function addValue(event: VigilEvent, key: string, value: string): void {
  const prev = event[key];
  if (prev === undefined) event[key] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else event[key] = [prev, value];
}

/** Decodes a PARAM-VALUE in [start, stop) that contains at least one backslash. */
function unescapeValue(raw: string, start: number, stop: number): string {
  const parts: string[] = [];
  let from = start;
  for (let i = start; i < stop; i++) {
    if (raw.charCodeAt(i) !== BACKSLASH) continue;
    const n = raw.charCodeAt(i + 1);
    if (i + 1 < stop && (n === QUOTE || n === BACKSLASH || n === RBRACKET)) {
      parts.push(raw.slice(from, i));
      from = i + 1;
      i++;
    }
  }
  parts.push(raw.slice(from, stop));
  return parts.join('');
}

/** Reads STRUCTURED-DATA at `pos` into `event`. */
export function readStructuredData(raw: string, pos: number, end: number, event: VigilEvent): SdRead {
  if (raw.charCodeAt(pos) === 0x2d) return { next: pos + 1 };
  if (raw.charCodeAt(pos) !== LBRACKET) {
    return { error: `expected STRUCTURED-DATA ("-" or "[") at offset ${pos}, found ${excerpt(raw, pos)}` };
  }
  let i = pos;
  let count = 0;
  while (i < end && raw.charCodeAt(i) === LBRACKET) {
    if (++count > MAX_SD_PARAMS) return { error: tooMany() };
    const idStart = ++i;
    while (i < end && isNameChar(raw.charCodeAt(i))) i++;
    if (i === idStart)
      return { error: `empty or invalid SD-ID at offset ${idStart}, found ${excerpt(raw, idStart)}` };
    const id = raw.slice(idStart, i);
    const names = namesOf(id);
    for (;;) {
      const c = raw.charCodeAt(i);
      if (c === RBRACKET) {
        i++;
        break;
      }
      if (c !== SP) {
        return {
          error: `expected " name=" or "]" in SD element [${id}] at offset ${i}, found ${excerpt(raw, i)}`,
        };
      }
      while (raw.charCodeAt(i) === SP) i++;
      if (raw.charCodeAt(i) === RBRACKET) continue;
      const nameStart = i;
      while (i < end && isNameChar(raw.charCodeAt(i))) i++;
      if (i === nameStart || raw.charCodeAt(i) !== EQ || raw.charCodeAt(i + 1) !== QUOTE) {
        return {
          error: `expected PARAM-NAME="value" in SD element [${id}] at offset ${nameStart}, found ${excerpt(raw, nameStart)}`,
        };
      }
      if (++count > MAX_SD_PARAMS) return { error: tooMany() };
      const name = raw.slice(nameStart, i);
      const valueStart = i + 2;
      let j = valueStart;
      let escaped = false;
      while (j < end) {
        const v = raw.charCodeAt(j);
        if (v === QUOTE) break;
        if (v === BACKSLASH) {
          escaped = true;
          j++;
        }
        j++;
      }
      if (j >= end) {
        return {
          error: `unterminated value of ${id}.${name} starting at offset ${valueStart} (missing closing quote)`,
        };
      }
      addValue(event, names.of(name), escaped ? unescapeValue(raw, valueStart, j) : raw.slice(valueStart, j));
      i = j + 1;
    }
  }
  return { next: i };
}
