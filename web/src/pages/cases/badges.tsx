/** Badges of the case pages: severity, TLP, status, and an SLA clock with what it reads. */
import { Badge, Tooltip } from '@mantine/core';
import type { CaseStatus, Tlp } from '../../api/case-types.ts';
import { formatTime } from '../../lib/format.ts';
import { LevelBadge } from '../detections/LevelBadge.tsx';
import { remainingText, type SlaClock, slaTone, TONE_COLOR, TONE_LABEL } from './clocks.ts';

export function SeverityBadge({ severity }: { severity: string }) {
  return <LevelBadge level={severity} />;
}

const TLP_COLOR: Record<Tlp, string> = {
  clear: 'gray',
  green: 'green',
  amber: 'yellow',
  'amber+strict': 'orange',
  red: 'red',
};

export function TlpBadge({ tlp }: { tlp: string }) {
  return (
    <Badge color={TLP_COLOR[tlp as Tlp] ?? 'gray'} variant="outline" tt="none" autoContrast>
      TLP:{tlp.toUpperCase()}
    </Badge>
  );
}

const STATUS_COLOR: Record<CaseStatus, string> = { open: 'blue', resolved: 'teal', closed: 'gray' };

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLOR[status as CaseStatus] ?? 'gray'} variant="light">
      {status}
    </Badge>
  );
}

/** `contain: 3 h 07 min left`, colored by how the clock stands; its due time on hover. */
export function SlaBadge({ clock }: { clock: SlaClock }) {
  const tone = slaTone(clock);
  return (
    <Tooltip label={`${clock.target} due ${formatTime(clock.dueAt)} (${TONE_LABEL[tone]})`} withArrow>
      <Badge color={TONE_COLOR[tone]} variant="light" tt="none" data-sla={tone}>
        {clock.target}: {remainingText(clock.remainingMs, clock.stoppedAt !== null)}
      </Badge>
    </Tooltip>
  );
}
