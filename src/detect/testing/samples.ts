/**
 * The samples file of a rule: `X.samples.json` beside `X.yml`, holding raw events the rule must
 * match (`positive`) and must not match (`negative`), each `{ format, raw, note }` (see
 * `rules/starter/README.md`). `raw` is the text as a sender delivers it, or a JSON object (turned
 * into text with `JSON.stringify`); `format` is a Vigil input format (`auto` when left out).
 */
import { FORMATS, type Format, isFormat } from '../../core/event.ts';

export type SampleKind = 'positive' | 'negative';

export interface Sample {
  kind: SampleKind;
  /** 0-based position in its list. */
  index: number;
  format: Format;
  note: string;
  raw: string;
}

export type SamplesOutcome = { ok: true; samples: Sample[] } | { ok: false; reason: string };

/** `dir/X.yml` → `dir/X.samples.json`. */
export function samplesPathFor(ruleFile: string): string {
  return ruleFile.replace(/\.ya?ml$/i, '') + '.samples.json';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and checks a samples file's text; the reason names the offending entry. */
export function parseSamples(text: string): SamplesOutcome {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isObject(doc))
    return { ok: false, reason: 'must be a JSON object with "positive" and "negative" lists' };
  const unknown = Object.keys(doc).filter((k) => k !== 'positive' && k !== 'negative');
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `unknown key "${unknown[0]}" (a samples file has "positive" and "negative")`,
    };
  }
  const samples: Sample[] = [];
  for (const kind of ['positive', 'negative'] as const) {
    const list = doc[kind];
    if (!Array.isArray(list) || list.length === 0) {
      return { ok: false, reason: `"${kind}" must be a non-empty list of samples` };
    }
    for (const [index, s] of list.entries()) {
      const where = `${kind}[${index}]`;
      if (!isObject(s)) return { ok: false, reason: `${where} must be an object { format, raw, note }` };
      const { format = 'auto', raw, note } = s;
      if (typeof format !== 'string' || !isFormat(format)) {
        return {
          ok: false,
          reason: `${where}.format ${JSON.stringify(format)} is not one of ${FORMATS.join(', ')}`,
        };
      }
      if (typeof raw !== 'string' && !isObject(raw)) {
        return { ok: false, reason: `${where}.raw must be a string or a JSON object` };
      }
      if (note !== undefined && typeof note !== 'string') {
        return { ok: false, reason: `${where}.note must be a string` };
      }
      samples.push({
        kind,
        index,
        format,
        note: note ?? where,
        raw: typeof raw === 'string' ? raw : JSON.stringify(raw),
      });
    }
  }
  return { ok: true, samples };
}
