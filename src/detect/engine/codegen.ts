/**
 * A rule's condition tree and items compiled to one JavaScript function of its own (`new
 * Function`), so that the engine specializes each rule's code: the AND/OR/NOT nodes become direct
 * calls (one call site per node, not a shared interpreter), and the common items (values OR-ed on
 * their target fields) become string comparisons with the rule's literals written in the code.
 * Everything else (regular expressions, CIDR networks, numbers, globs, large value lists, other
 * item kinds) is called as the compiled closures it already is, passed in as constants; literals
 * enter the code only through `JSON.stringify`. The function answers exactly like the matcher's
 * own `run` (same result, same matched fields): only the shape of the work changes.
 */
import type { Shapes } from './anyvalue.ts';
import type { FieldsOut } from './fields.ts';
import type { Matcher, Test } from './item.ts';
import { lower, stringForm } from './scalar.ts';
import type { EventRecord } from './types.ts';

/** Lists longer than this are tested by the shapes' own code, not written out. */
const INLINE = 12;

const str = (s: string) => JSON.stringify(s);

class Writer {
  readonly consts: unknown[] = [];
  readonly fns: string[] = [];
  private readonly names = new Map<Matcher, string>();
  private next = 0;

  constant(value: unknown): string {
    this.consts.push(value);
    return `C[${this.consts.length - 1}]`;
  }

  fresh(prefix: string): string {
    return `${prefix}${this.next++}`;
  }

  /** The name of the function testing `m` (written once per matcher). */
  node(m: Matcher): string {
    const known = this.names.get(m);
    if (known !== undefined) return known;
    const name = this.fresh('n');
    this.names.set(m, name);
    if (m.tree !== undefined) this.tree(name, m.tree.kind, m.tree.ops);
    else if (m.spec !== undefined) this.item(name, m, m.spec.targets);
    else this.fns.push(`function ${name}(e, out) { return ${this.constant(m.run)}(e, out); }`);
    return name;
  }

  private tree(name: string, kind: 1 | 2 | 3, ops: readonly Matcher[]): void {
    const calls = ops.map((o) => this.node(o));
    if (kind === 3) {
      this.fns.push(`function ${name}(e, out) { return !${calls[0]}(e, null); }`);
      return;
    }
    const lines = [`function ${name}(e, out) {`, '  const mark = out === null ? 0 : out.n;'];
    for (const c of calls) {
      lines.push(
        kind === 1
          ? `  if (!${c}(e, out)) { if (out !== null) out.n = mark; return false; }`
          : `  if (${c}(e, out)) return true;\n  if (out !== null) out.n = mark;`,
      );
    }
    lines.push(kind === 1 ? '  return true;' : '  return false;', '}');
    this.fns.push(lines.join('\n'));
  }

  /** An OR-ed item: any value holding for any element of its (one present) target. */
  private item(name: string, m: Matcher, targets: readonly string[]): void {
    const x = this.element(m);
    const any = this.fresh('a');
    this.fns.push(
      `function ${any}(v) {`,
      `  if (!Array.isArray(v)) return ${x}(v);`,
      `  for (let i = 0; i < v.length; i++) if (${x}(v[i])) return true;`,
      '  return false;',
      '}',
    );
    if (targets.length === 1) {
      const t = str(targets[0] as string);
      this.fns.push(
        `function ${name}(e, out) {`,
        `  const v = e[${t}];`,
        `  if (v === undefined || v === null || !${any}(v)) return false;`,
        `  if (out !== null) out.add(${t}, v);`,
        '  return true;',
        '}',
      );
      return;
    }
    // one present target is tested here; several go to the item's own test (which reports the
    // first target of the first value that holds)
    const lines = [`function ${name}(e, out) {`, '  let n = 0;', '  let t = "";', '  let v;'];
    targets.forEach((target, k) => {
      lines.push(
        `  const v${k} = e[${str(target)}];`,
        `  if (v${k} !== undefined && v${k} !== null) { n++; t = ${str(target)}; v = v${k}; }`,
      );
    });
    lines.push(
      '  if (n === 0) return false;',
      `  if (n > 1) return ${this.constant(m.run)}(e, out);`,
      `  if (!${any}(v)) return false;`,
      '  if (out !== null) out.add(t, v);',
      '  return true;',
      '}',
    );
    this.fns.push(lines.join('\n'));
  }

  /** The test of one element: its text against the string patterns, then the other tests. */
  private element(m: Matcher): string {
    const plan = (m.spec as NonNullable<Matcher['spec']>).plan;
    const name = this.fresh('x');
    const lines = [`function ${name}(x) {`];
    const strings = plan.folded.size > 0 || plan.cased.size > 0;
    if (strings) {
      lines.push("  const s = typeof x === 'string' ? x : stringForm(x);", '  if (s !== null) {');
      if (plan.folded.size > 0) {
        lines.push('    const l = lower(s);');
        this.shapes(lines, plan.folded, 'l');
      }
      if (plan.cased.size > 0) this.shapes(lines, plan.cased, 's');
      lines.push('  }');
    }
    for (const t of plan.rest) lines.push(`  if (${this.constant(t)}(x)) return true;`);
    lines.push('  return false;', '}');
    this.fns.push(lines.join('\n'));
    return name;
  }

  /** Statements returning true when text `v` matches one of the shapes' patterns. */
  private shapes(lines: string[], sh: Shapes, v: string): void {
    if (sh.all) {
      lines.push('    return true;');
      return;
    }
    const small = sh.eq.size + sh.prefix.length + sh.suffix.length <= INLINE;
    if (sh.searched || !small || sh.contains.length > INLINE) {
      lines.push(`    if (${this.constant(sh)}.test(${v})) return true;`);
      return;
    }
    const tests = [
      ...[...sh.eq].map((t) => `${v} === ${str(t)}`),
      ...sh.suffix.map((t) => `${v}.endsWith(${str(t)})`),
      ...sh.prefix.map((t) => `${v}.startsWith(${str(t)})`),
      ...sh.contains.map((t) => `${v}.includes(${str(t)})`),
      ...sh.other.map((g) => `${this.constant(g)}(${v})`),
    ];
    for (const t of tests) lines.push(`    if (${t}) return true;`);
  }
}

/** The rule's test as a function of its own (see the module comment). */
export function generateTest(root: Matcher): Test {
  const w = new Writer();
  const top = w.node(root);
  const body = `"use strict";\n${w.fns.join('\n')}\nreturn ${top};`;
  const make = new Function('C', 'lower', 'stringForm', body) as (
    c: unknown[],
    l: typeof lower,
    f: typeof stringForm,
  ) => (event: EventRecord, out: FieldsOut | null) => boolean;
  return make(w.consts, lower, stringForm);
}
