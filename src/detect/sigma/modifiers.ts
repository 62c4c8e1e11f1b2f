/**
 * The Sigma 2.1 value modifiers and the rules for chaining them (which combine, in which order,
 * which exclude each other). `checkModifiers` returns a reason naming the offending modifier.
 */

export const MODIFIER_NAMES = [
  'contains',
  'startswith',
  'endswith',
  'all',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'windash',
  're',
  'i',
  'm',
  's',
  'cidr',
  'exists',
  'expand',
  'fieldref',
  'gt',
  'gte',
  'lt',
  'lte',
  'cased',
  'neq',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
] as const;

export type ModifierName = (typeof MODIFIER_NAMES)[number];

const KNOWN = new Set<string>(MODIFIER_NAMES);

export const POSITION_MODIFIERS: readonly ModifierName[] = ['contains', 'startswith', 'endswith'];
export const ENCODING_MODIFIERS: readonly ModifierName[] = ['utf16le', 'utf16be', 'utf16', 'wide'];
export const BASE64_MODIFIERS: readonly ModifierName[] = ['base64', 'base64offset'];
export const COMPARE_MODIFIERS: readonly ModifierName[] = ['gt', 'gte', 'lt', 'lte'];
export const TIME_MODIFIERS: readonly ModifierName[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];
/** Modifiers that only make sense on string values (numbers are taken as their text). */
export const STRING_MODIFIERS: readonly ModifierName[] = [
  ...POSITION_MODIFIERS,
  ...ENCODING_MODIFIERS,
  ...BASE64_MODIFIERS,
  'windash',
  'cased',
  'expand',
];
/** The inclusive range of the number each time modifier extracts. */
export const TIME_RANGES: Record<string, [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  day: [1, 31],
  week: [1, 53],
  month: [1, 12],
  year: [0, 9999],
};

/** Modifiers that may accompany the key modifier (besides itself); anything else is an error. */
const COMPANIONS: Partial<Record<ModifierName, readonly ModifierName[]>> = {
  exists: [],
  re: ['i', 'm', 's', 'all', 'cased'],
  cidr: ['neq', 'all'],
  fieldref: ['neq', 'cased', 'all', ...POSITION_MODIFIERS],
};

export type ModifierCheck = { ok: true; modifiers: ModifierName[] } | { ok: false; reason: string };

const has = (mods: readonly ModifierName[], names: readonly ModifierName[]) =>
  mods.filter((m) => names.includes(m));

/** Validates a modifier chain (the names after the field's `|`), in order. */
export function checkModifiers(names: readonly string[]): ModifierCheck {
  const mods: ModifierName[] = [];
  for (const name of names) {
    if (name === '') return { ok: false, reason: 'empty modifier name (a doubled or trailing "|")' };
    if (!KNOWN.has(name)) {
      return { ok: false, reason: `unknown modifier "${name}" (known: ${MODIFIER_NAMES.join(', ')})` };
    }
    const mod = name as ModifierName;
    if (mods.includes(mod)) return { ok: false, reason: `modifier "${name}" is given twice` };
    mods.push(mod);
  }
  const fail = (reason: string): ModifierCheck => ({ ok: false, reason });
  for (const [key, allowed] of Object.entries(COMPANIONS) as [ModifierName, readonly ModifierName[]][]) {
    if (!mods.includes(key)) continue;
    const extra = mods.filter((m) => m !== key && !allowed.includes(m));
    if (extra.length > 0) {
      const ok = allowed.length === 0 ? 'no other modifier' : allowed.join(', ');
      return fail(`modifier "${extra[0]}" cannot be combined with "${key}" (allowed with it: ${ok})`);
    }
  }
  const reIndex = mods.indexOf('re');
  for (const flag of ['i', 'm', 's'] as const) {
    const at = mods.indexOf(flag);
    if (at >= 0 && (reIndex < 0 || at < reIndex)) {
      return fail(`modifier "${flag}" is a regular-expression flag and must follow "re"`);
    }
  }
  for (const [group, what] of [
    [POSITION_MODIFIERS, 'position'],
    [ENCODING_MODIFIERS, 'UTF-16 encoding'],
    [BASE64_MODIFIERS, 'base64'],
    [COMPARE_MODIFIERS, 'comparison'],
    [TIME_MODIFIERS, 'time-part'],
  ] as const) {
    const found = has(mods, group);
    if (found.length > 1) return fail(`modifiers "${found[0]}" and "${found[1]}" are both ${what} modifiers`);
  }
  const compare = has(mods, COMPARE_MODIFIERS)[0];
  if (compare !== undefined) {
    const extra = mods.filter((m) => m !== compare && m !== 'all' && !TIME_MODIFIERS.includes(m));
    if (extra.length > 0) return fail(`modifier "${extra[0]}" cannot be combined with "${compare}"`);
  }
  const time = has(mods, TIME_MODIFIERS)[0];
  if (time !== undefined) {
    const extra = mods.filter(
      (m) => m !== time && m !== 'all' && m !== 'neq' && !COMPARE_MODIFIERS.includes(m),
    );
    if (extra.length > 0) return fail(`modifier "${extra[0]}" cannot be combined with "${time}"`);
    if (compare !== undefined && mods.indexOf(compare) < mods.indexOf(time)) {
      return fail(`"${time}" must come before "${compare}" (the time part is extracted, then compared)`);
    }
  }
  const b64 = has(mods, BASE64_MODIFIERS)[0];
  const enc = has(mods, ENCODING_MODIFIERS)[0];
  if (b64 !== undefined && enc !== undefined && mods.indexOf(enc) > mods.indexOf(b64)) {
    return fail(`"${enc}" must come before "${b64}" (the text is encoded, then base64-encoded)`);
  }
  if (b64 === 'base64offset') {
    const c = mods.indexOf('contains');
    if (c < mods.indexOf('base64offset')) return fail('"base64offset" must be followed by "contains"');
  }
  const pos = has(mods, POSITION_MODIFIERS)[0];
  if (pos !== undefined && b64 !== undefined && mods.indexOf(pos) < mods.indexOf(b64)) {
    return fail(`"${pos}" must come after "${b64}" (it applies to the encoded text)`);
  }
  return { ok: true, modifiers: mods };
}
