/** The health of a source from when it last delivered: receiving, quiet, silent, or never. */
export type SourceState = 'receiving' | 'quiet' | 'silent' | 'never';

export function sourceState(lastIngested: string | null, now = Date.now()): SourceState {
  if (!lastIngested) return 'never';
  const age = now - new Date(lastIngested).getTime();
  if (Number.isNaN(age)) return 'never';
  if (age <= 15 * 60_000) return 'receiving';
  if (age <= 24 * 3_600_000) return 'quiet';
  return 'silent';
}

export const STATE_COLOR: Record<SourceState, string> = {
  receiving: 'green',
  quiet: 'yellow',
  silent: 'red',
  never: 'gray',
};

/** Every source name: registered ones and those events name, sorted. */
export function sourceNames(registered: readonly string[], seen: readonly string[]): string[] {
  return [...new Set([...registered, ...seen])].sort();
}
