/** The audit trail, newest first: who did what to which record, from where; filter by actor, action, outcome, time. */
import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Fragment, useState } from 'react';
import { type AuditFilter, useAudit } from '../../api/admin.ts';
import type { AuditEntry } from '../../api/types.ts';
import { CodeBlock } from '../../components/CodeBlock.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatTime } from '../../lib/format.ts';

const isoOrUndefined = (s: string) => {
  const t = s.trim();
  if (!t) return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

export function AuditTab() {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [debounced] = useDebouncedValue({ actor, action, from, to }, 300);
  const filter: AuditFilter = {
    actor: debounced.actor.trim() || undefined,
    action: debounced.action.trim() || undefined,
    outcome: outcome ?? undefined,
    from: isoOrUndefined(debounced.from),
    to: isoOrUndefined(debounced.to),
  };
  const audit = useAudit(filter);
  const [open, setOpen] = useState<number | null>(null);
  const items = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const bad = (s: string) => (s.trim() && !isoOrUndefined(s) ? 'a date or ISO 8601 time' : undefined);
  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Actor"
          placeholder="name or id"
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
        />
        <TextInput
          label="Action"
          placeholder="e.g. rule or auth.login"
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
        />
        <Select
          label="Outcome"
          data={['success', 'failure', 'denied']}
          value={outcome}
          onChange={setOutcome}
          clearable
          w={130}
        />
        <TextInput
          label="From"
          placeholder="2026-01-05"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          error={bad(from)}
        />
        <TextInput
          label="To"
          placeholder="2026-01-06"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={bad(to)}
        />
      </Group>
      <ProblemAlert error={audit.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table striped verticalSpacing={4} fz="sm" aria-label="Audit log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>
                <span className="mantine-visually-hidden">Details</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Fragment key={e.seq}>
                <Table.Tr>
                  <Table.Td className="vigil-mono">{formatTime(e.time)}</Table.Td>
                  <Table.Td>
                    {e.actor.name ?? e.actor.id ?? '—'}{' '}
                    <Text span size="xs" c="dimmed">
                      {e.actor.kind}
                    </Text>
                  </Table.Td>
                  <Table.Td className="vigil-mono">{e.action}</Table.Td>
                  <Table.Td>{e.target ? `${e.target.type} ${e.target.id}` : '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={e.outcome === 'success' ? 'green' : 'red'} variant="light">
                      {e.outcome}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{e.ip ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={open === e.seq}
                      onClick={() => setOpen(open === e.seq ? null : e.seq)}
                    >
                      {open === e.seq ? 'Hide' : 'Details'}
                      <span className="mantine-visually-hidden"> of entry {e.seq}</span>
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {open === e.seq && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Details e={e} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {items.length === 0 && audit.isSuccess && (
        <Text size="sm" c="dimmed">
          No entry matches.
        </Text>
      )}
      {audit.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={audit.isFetchingNextPage}
            onClick={() => void audit.fetchNextPage()}
          >
            Older entries
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Details({ e }: { e: AuditEntry }) {
  const parts: [string, unknown][] = [
    ['before', e.before],
    ['after', e.after],
    ['details', e.details],
  ];
  return (
    <Stack gap={4}>
      <Text size="xs">
        seq {e.seq} · tenant {e.tenant ?? '(installation)'} · {e.userAgent ?? 'no user agent'}
      </Text>
      {parts
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => (
          <div key={k}>
            <Text size="xs" fw={600}>
              {k}
            </Text>
            <CodeBlock label={`${k} of entry ${e.seq}`} maxHeight={300}>
              {JSON.stringify(v, null, 2)}
            </CodeBlock>
          </div>
        ))}
    </Stack>
  );
}
