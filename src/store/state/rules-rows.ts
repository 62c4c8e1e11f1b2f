/** Row helpers shared by the tenant-scoped rule library (`rules.ts`) and the system's side of it (`rules-system.ts`). */
import type { RuleInput } from './rules.ts';
import type { RuleTable } from './schema.ts';

/** Source names of rules synced from configured folders (global rules and tenants' overrides of them). */
export const FOLDER_SOURCE_PREFIXES = ['builtin:', 'folder:'] as const;

export const isFolderSource = (source: string): boolean =>
  FOLDER_SOURCE_PREFIXES.some((p) => source.startsWith(p));

export function sameContent(row: RuleTable, item: RuleInput, source: string): boolean {
  return (
    row.yaml === item.yaml &&
    row.source === source &&
    row.path === item.path &&
    row.line === item.line &&
    row.kind === item.kind
  );
}

export function contentColumns(item: RuleInput, source: string) {
  return {
    kind: item.kind,
    title: item.title,
    status: item.status,
    level: item.level,
    tags: JSON.stringify(item.tags),
    source,
    path: item.path,
    line: item.line,
    yaml: item.yaml,
  };
}

export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
