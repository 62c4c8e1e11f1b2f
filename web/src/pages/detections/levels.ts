/** Colors of Sigma levels and rule statuses, the same everywhere in the console. */
export const LEVEL_COLOR: Record<string, string> = {
  informational: 'gray',
  low: 'teal',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
