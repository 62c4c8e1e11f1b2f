/** An alert's status and verdict as badges (severity uses the detections' LevelBadge). */
import { Badge } from '@mantine/core';
import type { AlertStatus, Verdict } from '../../api/alert-types.ts';
import { STATUS_COLOR, statusLabel, VERDICT_COLOR, verdictLabel } from './alert-format.ts';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLOR[status as AlertStatus] ?? 'gray'} variant="light" data-status={status}>
      {statusLabel(status)}
    </Badge>
  );
}

export function VerdictBadge({ verdict }: { verdict: string | null }) {
  if (verdict === null) return null;
  return (
    <Badge color={VERDICT_COLOR[verdict as Verdict] ?? 'gray'} variant="outline" data-verdict={verdict}>
      {verdictLabel(verdict)}
    </Badge>
  );
}
