/** A Sigma level as a colored badge (text color chosen for contrast on the fill). */
import { Badge } from '@mantine/core';
import { LEVEL_COLOR } from './levels.ts';

export function LevelBadge({ level }: { level: string | null }) {
  if (!level) return null;
  return (
    <Badge color={LEVEL_COLOR[level] ?? 'gray'} variant="filled" autoContrast>
      {level}
    </Badge>
  );
}
