/** Checks query text with Vigil's own parser (src/hunt), for errors shown as you type. */
import { tryParseQuery } from '../../shared.ts';

export interface QueryProblem {
  message: string;
  /** 1-based column of the problem in the text. */
  column: number;
}

/** The problem of a query's text, or null when the server will accept it. */
export function checkQuery(text: string): QueryProblem | null {
  const r = tryParseQuery(text);
  if (r.ok) return null;
  return { message: r.error.message.replace(/ \(at column \d+\)$/, ''), column: r.error.column };
}
