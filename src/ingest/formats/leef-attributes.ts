/**
 * LEEF attributes: `key=value` pairs separated by one delimiter character (tab by default, the
 * LEEF 2.0 header may name another one). A piece without `=` (or with an empty key) is taken as
 * part of the previous value, with the delimiter kept, since LEEF has no escaping. A LEEF 1.0
 * event with no tab at all is read with the CEF extension scanner (`k=v k2=v2`), as some devices
 * send it that way. More than `MAX_LEEF_PAIRS` pairs is a rejection (hostile input).
 */
import { type ExtensionPairs, readExtension } from './cef-extension.ts';

export const MAX_LEEF_PAIRS = 1000;

/** Parses a LEEF 2.0 delimiter field: one character, or hex `x5E` / `0x5E` / `\x5E`; null if neither. */
export function parseDelimiter(field: string): string | null {
  if (field.length === 1) return field;
  const m = /^(?:0x|x|\\x)([0-9a-fA-F]{2,4})$/.exec(field);
  return m ? String.fromCharCode(Number.parseInt(m[1]!, 16)) : null;
}

/** Splits [start, end) of `text` into pairs on `delimiter`; a string result is a rejection reason. */
export function readAttributes(
  text: string,
  start: number,
  end: number,
  delimiter: string,
  spaceFallback: boolean,
): ExtensionPairs | string {
  if (spaceFallback && text.indexOf(delimiter, start) < 0) return readExtension(text, start, end);
  const keys: string[] = [];
  const values: string[] = [];
  let leading = '';
  let i = start;
  let eq = -2;
  while (i < end) {
    let stop = text.indexOf(delimiter, i);
    if (stop < 0 || stop > end) stop = end;
    if (eq !== -1 && eq < i) eq = text.indexOf('=', i);
    const key = eq >= 0 && eq < stop ? text.slice(i, eq).trim() : '';
    if (key !== '') {
      if (keys.length >= MAX_LEEF_PAIRS) {
        return `more than ${MAX_LEEF_PAIRS} key=value attributes; refusing the line as hostile`;
      }
      keys.push(key);
      values.push(text.slice(eq + 1, stop));
    } else if (stop > i) {
      const piece = text.slice(i, stop);
      const last = values.length - 1;
      if (last >= 0) values[last] += delimiter + piece;
      else leading = leading === '' ? piece : leading + delimiter + piece;
    }
    i = stop + delimiter.length;
  }
  return { keys, values, leading: leading.trim() };
}
