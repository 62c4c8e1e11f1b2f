/**
 * The coverage as an ATT&CK Navigator layer (layer format 4.5, Navigator 5, ATT&CK 18): each
 * covered technique under each tactic its rules name, scored by the number of rules, with the rule
 * titles as comment and metadata. Load it in the Navigator with "Open Existing Layer".
 */
import type { Coverage, CoverageCell } from './coverage.ts';

export interface NavigatorTechnique {
  techniqueID: string;
  tactic?: string;
  score: number;
  comment: string;
  enabled: boolean;
  showSubtechniques: boolean;
  metadata: { name: string; value: string }[];
}

export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  layout: { layout: 'side'; showID: boolean; showName: boolean; expandedSubtechniques: 'annotated' };
  hideDisabled: boolean;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: { name: string; value: string }[];
}

function technique(cell: CoverageCell, tactic: string | undefined): NavigatorTechnique {
  return {
    techniqueID: cell.technique,
    ...(tactic ? { tactic } : {}),
    score: cell.rules.length,
    comment: cell.rules.map((r) => r.title).join('; '),
    enabled: true,
    showSubtechniques: false,
    metadata: cell.rules.map((r) => ({ name: 'rule', value: `${r.title} (${r.id})` })),
  };
}

export function navigatorLayer(
  coverage: Coverage,
  opts: { name?: string; generatedAt?: string } = {},
): NavigatorLayer {
  const techniques = [
    ...coverage.columns.flatMap((c) => c.techniques.map((cell) => technique(cell, c.tactic))),
    ...coverage.unmapped.map((cell) => technique(cell, undefined)),
  ];
  const max = Math.max(1, ...techniques.map((t) => t.score));
  return {
    name: opts.name ?? 'Vigil detection coverage',
    versions: { attack: '18', navigator: '5.1.0', layer: '4.5' },
    domain: 'enterprise-attack',
    description: `Techniques covered by Vigil's enabled detection rules (score: number of rules). ${coverage.rules} rules, ${coverage.techniques} techniques.`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#cfe8ff', '#1c7ed6'], minValue: 0, maxValue: max },
    legendItems: [
      { label: '1 rule', color: '#cfe8ff' },
      { label: `${max} rules`, color: '#1c7ed6' },
    ],
    metadata: [{ name: 'generated', value: opts.generatedAt ?? new Date().toISOString() }],
  };
}
