/**
 * One alert: severity, status, verdict, assignee, detections and their sparkline; the triage
 * actions (the queue's keys work here too: a, s, e, c); ATT&CK; entities with their risk; the
 * matched events with the matched fields highlighted; similar alerts with their verdicts;
 * comments; and "suppress this". A change someone made meanwhile is shown with a reload button.
 */
import {
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Grid,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAlert } from '../../api/alerts.ts';
import { ApiError } from '../../api/problem.ts';
import { useSession } from '../../api/session.tsx';
import { Empty } from '../../components/Empty.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { type Shortcut, useShortcuts } from '../../keyboard/index.ts';
import { formatAgo, formatCount, formatTime } from '../../lib/format.ts';
import { LevelBadge } from '../detections/LevelBadge.tsx';
import { ActionFeedback } from './ActionFeedback.tsx';
import { StatusBadge, VerdictBadge } from './AlertBadges.tsx';
import { AlertComments, AlertEntities, AttackTags, SimilarAlerts } from './AlertSections.tsx';
import { alertHref, caseHref } from './alert-format.ts';
import { MatchedEvents } from './MatchedEvents.tsx';
import { Sparkline } from './Sparkline.tsx';
import { SuppressDialog } from './SuppressDialog.tsx';
import { type AlertAction, canDo, useAlertActions } from './useAlertActions.tsx';

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        {props.title}
      </Title>
      {props.children}
    </Card>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      <Text size="sm" component="div">
        {props.children}
      </Text>
    </div>
  );
}

export function AlertDetailPage() {
  const { id = '' } = useParams();
  const detail = useAlert(id);
  const { can, session } = useSession();
  const writable = can('alerts:write');
  const client = useQueryClient();
  const actions = useAlertActions();
  const [suppressing, setSuppressing] = useState(false);
  const data = detail.data;
  const alert = data?.alert;

  const current = useRef({ alert, actions, busy: false });
  current.current = { alert, actions, busy: actions.dialogOpen || suppressing };
  const shortcuts = useMemo<Shortcut[]>(() => {
    if (!writable) return [];
    const act = (action: AlertAction) => () => {
      const { alert: a, actions: run, busy } = current.current;
      if (a && !busy) run.run(action, [a]);
    };
    const page = 'Alert';
    return [
      { keys: 'a', group: page, description: 'Acknowledge', run: act('acknowledge') },
      { keys: 's', group: page, description: 'Start working on it', run: act('start') },
      { keys: 'e', group: page, description: 'Escalate to a case', run: act('escalate') },
      { keys: 'c', group: page, description: 'Close with a verdict', run: act('close') },
    ];
  }, [writable]);
  useShortcuts('alert-detail', shortcuts);

  if (detail.isPending)
    return (
      <Center h={200}>
        <Loader aria-label="Loading the alert" />
      </Center>
    );
  if (!alert || !data)
    return (
      <Stack>
        <Title order={2}>Alert</Title>
        {detail.error instanceof ApiError && detail.error.status === 404 ? (
          <Empty title="No such alert" icon="alerts">
            <Text size="sm">It does not exist in your tenants (or the link is wrong).</Text>
          </Empty>
        ) : (
          <ProblemAlert error={detail.error} title="The alert could not be read" />
        )}
        <Anchor component={Link} to="/alerts">
          Back to the queue
        </Anchor>
      </Stack>
    );

  const button = (action: AlertAction, label: string, key?: string) => (
    <Button
      key={action}
      size="xs"
      variant={action === 'close' || action === 'escalate' ? 'filled' : 'default'}
      disabled={!canDo(action, alert) || actions.busy}
      onClick={() => actions.run(action, [alert])}
      aria-keyshortcuts={key}
    >
      {label}
      {key && (
        <Text span size="xs" c="dimmed" ml={6} aria-hidden="true">
          {key}
        </Text>
      )}
    </Button>
  );

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/alerts" size="sm">
        ← Alert queue
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6}>
          <Title order={2}>{alert.title}</Title>
          <Group gap={6}>
            <LevelBadge level={alert.severity} />
            <StatusBadge status={alert.status} />
            <VerdictBadge verdict={alert.verdict} />
            {alert.caseId && (
              <Badge
                component={Link}
                to={caseHref(alert.caseId)}
                variant="outline"
                color="grape"
                style={{ cursor: 'pointer' }}
              >
                in a case
              </Badge>
            )}
            <Text size="xs" c="dimmed" className="vigil-mono">
              {alert.id}
            </Text>
          </Group>
        </Stack>
        <Sparkline data={alert.sparkline} width={220} height={44} />
      </Group>
      {writable && (
        <Group gap="xs" data-alert-actions>
          {button('acknowledge', 'Acknowledge', 'a')}
          {button('start', 'Start', 's')}
          {button('escalate', 'Escalate…', 'e')}
          {button('close', 'Close…', 'c')}
          {button('reopen', 'Reopen')}
          {button('assign', 'Assign…')}
          <Button
            size="xs"
            variant="default"
            color="orange"
            onClick={() => setSuppressing(true)}
            disabled={actions.busy}
          >
            Suppress…
          </Button>
        </Group>
      )}
      <ActionFeedback
        error={actions.error}
        notice={actions.notice}
        onDismiss={actions.dismiss}
        onReload={() => void client.invalidateQueries({ queryKey: ['alerts'] })}
      />
      <Card withBorder padding="sm">
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
          <Fact label="Assignee">{alert.assigneeName ?? 'nobody'}</Fact>
          <Fact label="Detections">{formatCount(alert.count)}</Fact>
          <Fact label="First seen">
            <span title={formatTime(alert.firstSeen)}>{formatTime(alert.firstSeen)}</span>
          </Fact>
          <Fact label="Last seen">
            <span title={formatTime(alert.lastSeen)}>{formatAgo(alert.lastSeen)}</span>
          </Fact>
          <Fact label="Confidence">{Math.round(alert.confidence * 100)}%</Fact>
          <Fact label="Source">{alert.source}</Fact>
          <Fact label="Rule">
            {can('rules:read') ? (
              <Anchor component={Link} to={`/detections/rules/${encodeURIComponent(alert.ruleId)}`} size="sm">
                open the rule
              </Anchor>
            ) : (
              <span className="vigil-mono">{alert.ruleId}</span>
            )}
          </Fact>
        </SimpleGrid>
        {alert.duplicateOf && (
          <Text size="sm" mt="xs">
            Duplicate of{' '}
            <Anchor component={Link} to={alertHref(alert.duplicateOf)}>
              {alert.duplicateOf}
            </Anchor>
          </Text>
        )}
      </Card>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section title={`Matched events (${formatCount(data.events.length)})`}>
              <MatchedEvents
                events={data.events}
                matched={alert.matched}
                missing={data.missingEventIds.length}
                error={data.eventsError}
              />
            </Section>
            <Section title="Similar alerts">
              <SimilarAlerts id={alert.id} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Section title="ATT&CK">
              <AttackTags alert={alert} />
            </Section>
            <Section title="Entities">
              <AlertEntities alert={alert} />
            </Section>
            <Section title="Comments">
              <AlertComments id={alert.id} writable={writable} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      {actions.dialogs}
      {writable && (
        <SuppressDialog
          opened={suppressing}
          alert={alert}
          owner={session?.displayName ?? session?.name ?? ''}
          onClose={() => setSuppressing(false)}
        />
      )}
    </Stack>
  );
}

export default AlertDetailPage;
