/**
 * Prints a QueryNode back as query text that parses to the same tree: parseQuery(formatQuery(n))
 * deep-equals n for every tree parseQuery can produce. Used to show a normalized query, to
 * fingerprint it, and by the round-trip property test.
 */
import type { FieldNode, QueryNode } from './ast.ts';

const quote = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** Escapes a bare value: whitespace, parentheses, quotes, backslashes, `*`, and a leading `<`/`>`. */
function escapeBare(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (/[\s()"\\*]/.test(c) || (i === 0 && (c === '<' || c === '>'))) out += `\\${c}`;
    else out += c;
  }
  return out;
}

function formatField(n: FieldNode): string {
  const f = `${n.field}:`;
  switch (n.op) {
    case 'eq':
      return f + quote(n.value);
    case 'contains':
      return `${f}*${escapeBare(n.value)}*`;
    case 'prefix':
      return `${f}${escapeBare(n.value)}*`;
    case 'suffix':
      return `${f}*${escapeBare(n.value)}`;
    case 'cidr':
      return f + n.value;
    case 'exists':
      return `${f}*`;
    case 'gt':
      return `${f}>${escapeBare(n.value)}`;
    case 'gte':
      return `${f}>=${escapeBare(n.value)}`;
    case 'lt':
      return `${f}<${escapeBare(n.value)}`;
    case 'lte':
      return `${f}<=${escapeBare(n.value)}`;
  }
}

function formatChild(n: QueryNode): string {
  return n.kind === 'and' || n.kind === 'or' ? `(${formatQuery(n)})` : formatQuery(n);
}

export function formatQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'all':
      return '*';
    case 'text':
      return quote(node.value);
    case 'field':
      return formatField(node);
    case 'not':
      return `NOT ${formatChild(node.child)}`;
    case 'and':
      return node.children.map(formatChild).join(' AND ');
    case 'or':
      return node.children.map(formatChild).join(' OR ');
  }
}
