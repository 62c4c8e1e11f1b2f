/**
 * SQL fragments that carry their bound parameters, so that values always travel as `?`
 * parameters in the order they appear, and text can only be inlined through `raw` (for
 * identifiers and literals this folder builds itself).
 */
import type { DuckDBValue } from '@duckdb/node-api';

export class Frag {
  constructor(
    readonly text: string,
    readonly params: readonly DuckDBValue[],
  ) {}
}

/** Inlines trusted SQL text (keywords, our own column and table names). */
export const raw = (text: string): Frag => new Frag(text, []);

/** Tagged template: embedded Frags are inlined, anything else becomes a `?` parameter. */
export function sql(strings: TemplateStringsArray, ...values: (Frag | DuckDBValue)[]): Frag {
  let text = strings[0] ?? '';
  const params: DuckDBValue[] = [];
  values.forEach((v, i) => {
    if (v instanceof Frag) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1] ?? '';
  });
  return new Frag(text, params);
}

/** Joins fragments with a separator. */
export function join(frags: readonly Frag[], separator: string): Frag {
  return new Frag(
    frags.map((f) => f.text).join(separator),
    frags.flatMap((f) => f.params),
  );
}

/** `(?, ?, ...)` for a list of values. */
export function list(values: readonly DuckDBValue[]): Frag {
  return new Frag(`(${values.map(() => '?').join(', ')})`, [...values]);
}

/** A SQL string literal; only for text this folder builds (e.g. JSON paths of validated names). */
export function literal(text: string): Frag {
  return raw(`'${text.replace(/'/g, "''")}'`);
}
