/**
 * SQL fragments that carry their bound parameters, so that values always travel as `?`
 * parameters in the order they appear, and text can only be inlined through `raw` (for
 * identifiers and literals this folder builds itself).
 */
import type { DuckDBValue } from '@duckdb/node-api';

export interface Frag {
  readonly text: string;
  readonly params: readonly DuckDBValue[];
}

/** Inlines trusted SQL text (keywords, our own column and table names). */
export const raw = (text: string): Frag => ({ text, params: [] });

/** Tagged template: embedded Frags are inlined, anything else becomes a `?` parameter. */
export function sql(strings: TemplateStringsArray, ...values: (Frag | DuckDBValue)[]): Frag {
  let text = strings[0] ?? '';
  const params: DuckDBValue[] = [];
  values.forEach((v, i) => {
    if (isFrag(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, params };
}

function isFrag(v: unknown): v is Frag {
  return typeof v === 'object' && v !== null && 'text' in v && 'params' in v && Object.keys(v).length === 2;
}

/** Joins fragments with a separator. */
export function join(frags: readonly Frag[], separator: string): Frag {
  return {
    text: frags.map((f) => f.text).join(separator),
    params: frags.flatMap((f) => f.params),
  };
}

/** `(?, ?, ...)` for a list of values. */
export function list(values: readonly DuckDBValue[]): Frag {
  return { text: `(${values.map(() => '?').join(', ')})`, params: [...values] };
}

/** A SQL string literal; only for text this folder builds (e.g. JSON paths of validated names). */
export function literal(text: string): Frag {
  return raw(`'${text.replace(/'/g, "''")}'`);
}
