/** The board's model: cases by IR phase, in the API's order (newest first) within a column. */
import { CASE_PHASES, type CasePhase, type CaseSummary } from '../../api/case-types.ts';

export function columnsOf(items: readonly CaseSummary[]): Record<CasePhase, CaseSummary[]> {
  const out = Object.fromEntries(CASE_PHASES.map((p) => [p, [] as CaseSummary[]])) as Record<
    CasePhase,
    CaseSummary[]
  >;
  for (const c of items) out[c.phase]?.push(c);
  return out;
}

/** The data type a dragged card carries (its case id). */
export const DRAG_TYPE = 'application/x-vigil-case';

/** The case of the card that has focus (or holds it), for the `[` and `]` shortcuts. */
export function focusedCaseId(): string | null {
  const el = document.activeElement;
  return el instanceof HTMLElement
    ? (el.closest<HTMLElement>('[data-case-id]')?.dataset.caseId ?? null)
    : null;
}
