/** Alerts and cases until their pages land: what will be here, and where to look meanwhile. */
import { Button, Group, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { Empty } from '../../components/Empty.tsx';

const TEXT = {
  alerts: {
    title: 'The alert queue is on its way',
    body: 'Alerts group the detections of your rules by host and user, with triage (acknowledge, escalate, close with a verdict). Until this page lands, the detections themselves are on the Overview and Detections pages.',
  },
  cases: {
    title: 'Cases are on their way',
    body: 'Cases will hold escalated alerts with their IR phases, tasks, observables, evidence and SLA clocks.',
  },
} as const;

export function ComingSoon({ what }: { what: keyof typeof TEXT }) {
  const t = TEXT[what];
  return (
    <>
      <Title order={2} mb="md">
        {what === 'alerts' ? 'Alerts' : 'Cases'}
      </Title>
      <Empty title={t.title} icon={what}>
        {t.body}
      </Empty>
      <Group justify="center">
        <Button component={Link} to="/overview" variant="light">
          Go to the overview
        </Button>
        <Button component={Link} to="/detections" variant="subtle">
          See the detection rules
        </Button>
      </Group>
    </>
  );
}
