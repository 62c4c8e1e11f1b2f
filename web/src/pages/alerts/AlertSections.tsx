/** The parts of the alert page below its header: ATT&CK, entities with risk, similar alerts, comments. */
import { Anchor, Badge, Button, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Alert, EntityDetail } from '../../api/alert-types.ts';
import { entityPath, useAddComment, useAlertComments, useSimilarAlerts } from '../../api/alerts.ts';
import { api } from '../../api/client.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { tacticTitle } from '../../shared.ts';
import { StatusBadge, VerdictBadge } from './AlertBadges.tsx';
import { alertHref, entityHref, formatScore, tacticUrl, techniqueUrl } from './alert-format.ts';

export function AttackTags({ alert }: { alert: Alert }) {
  if (alert.tactics.length === 0 && alert.techniques.length === 0)
    return (
      <Text size="sm" c="dimmed">
        The rule has no ATT&CK tags.
      </Text>
    );
  return (
    <Stack gap={6}>
      {alert.tactics.length > 0 && (
        <Group gap={6}>
          <Text size="sm" w={90}>
            Tactics
          </Text>
          {alert.tactics.map((t) => {
            const url = tacticUrl(t);
            return url ? (
              <Anchor key={t} href={url} target="_blank" rel="noreferrer" size="sm" data-tactic={t}>
                {tacticTitle(t)}
              </Anchor>
            ) : (
              <Text key={t} size="sm" data-tactic={t}>
                {tacticTitle(t)}
              </Text>
            );
          })}
        </Group>
      )}
      {alert.techniques.length > 0 && (
        <Group gap={6}>
          <Text size="sm" w={90}>
            Techniques
          </Text>
          {alert.techniques.map((t) => (
            <Anchor
              key={t}
              href={techniqueUrl(t)}
              target="_blank"
              rel="noreferrer"
              size="sm"
              className="vigil-mono"
              data-technique={t}
            >
              {t}
            </Anchor>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** The alert's entities with their current risk in the alert's tenant, each linking to its page. */
export function AlertEntities({ alert }: { alert: Alert }) {
  const risks = useQueries({
    queries: alert.entities.map((e) => ({
      queryKey: ['entities', 'one', e.type, e.value],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<EntityDetail>(entityPath(e.type, e.value), { signal }),
    })),
  });
  if (alert.entities.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No entity (host, user, address, …) was found in the matched events.
      </Text>
    );
  return (
    <Table verticalSpacing={4} aria-label="Entities">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={90}>Type</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th ta="right" w={90}>
            Risk
          </Table.Th>
          <Table.Th ta="right" w={80}>
            Alerts
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {alert.entities.map((e, i) => {
          const detail = risks[i]?.data;
          const risk = detail?.risk.find((r) => r.tenant === alert.tenant) ?? detail?.risk[0];
          return (
            <Table.Tr key={`${e.type}:${e.value}`} data-entity={`${e.type}:${e.value}`}>
              <Table.Td>{e.type}</Table.Td>
              <Table.Td className="vigil-mono" style={{ overflowWrap: 'anywhere' }}>
                <Anchor component={Link} to={entityHref(e)} inherit>
                  {e.value}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right" data-risk>
                {risks[i]?.isPending ? '…' : risk ? formatScore(risk.score) : '0'}
              </Table.Td>
              <Table.Td ta="right">{risk?.alerts ?? (detail ? detail.alerts.length : '…')}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

const REASON: Record<string, string> = {
  fingerprint: 'same fingerprint',
  rule_and_entity: 'same rule, shared entity',
  title_and_entity: 'same title, shared entity',
};

export function SimilarAlerts({ id }: { id: string }) {
  const similar = useSimilarAlerts(id);
  if (similar.error) return <ProblemAlert error={similar.error} title="Similar alerts" />;
  const items = similar.data?.items ?? [];
  if (similar.isPending)
    return (
      <Text size="sm" c="dimmed">
        Looking for similar alerts…
      </Text>
    );
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No similar alert: nothing else of this rule or fingerprint shares an entity with it.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing={4} aria-label="Similar alerts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Alert</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Why similar</Table.Th>
            <Table.Th>Last seen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <Table.Tr key={s.alert.id} data-similar={s.alert.id}>
              <Table.Td>
                <Anchor component={Link} to={alertHref(s.alert.id)} size="sm">
                  {s.alert.title}
                </Anchor>
                <Text size="xs" c="dimmed" className="vigil-mono">
                  {s.alert.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <StatusBadge status={s.alert.status} />
                  <VerdictBadge verdict={s.alert.verdict} />
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {s.reasons.map((r) => REASON[r] ?? r).join(', ')}
                  {s.sharedEntities.length > 0 &&
                    ` (${s.sharedEntities.map((e) => `${e.type} ${e.value}`).join(', ')})`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatTime(s.alert.lastSeen)}>
                  {formatAgo(s.alert.lastSeen)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function AlertComments({ id, writable }: { id: string; writable: boolean }) {
  const comments = useAlertComments(id);
  const add = useAddComment(id);
  const [body, setBody] = useState('');
  const items = comments.data?.items ?? [];
  return (
    <Stack gap="sm">
      <ProblemAlert error={comments.error} title="Comments could not be read" />
      {items.length === 0 && !comments.isPending && (
        <Text size="sm" c="dimmed">
          No comment yet.
        </Text>
      )}
      {items.map((c) => (
        <div key={c.id} data-comment={c.id}>
          <Group gap={6}>
            <Badge variant="light" size="sm">
              {c.authorName}
            </Badge>
            <Text size="xs" c="dimmed" title={formatTime(c.createdAt)}>
              {formatAgo(c.createdAt)}
            </Text>
          </Group>
          <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {c.body}
          </Text>
        </div>
      ))}
      {writable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!body.trim()) return;
            add.mutate(body, { onSuccess: () => setBody('') });
          }}
        >
          <Stack gap={6}>
            <Textarea
              label="Add a comment"
              placeholder="What you found, what you ruled out"
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={20_000}
            />
            <ProblemAlert error={add.error} title="The comment was not added" />
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={add.isPending} disabled={!body.trim()}>
                Comment
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
