/**
 * Cases (`/cases`): the board of open cases by IR phase, or the list of every case with filters;
 * a new case by hand. Cases also come from escalating alerts in the alert queue.
 */
import { Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useCases } from '../../api/cases.ts';
import { useSession } from '../../api/session.tsx';
import { Empty } from '../../components/Empty.tsx';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useShortcuts } from '../../keyboard/index.ts';
import { useAssignees } from './assignees.ts';
import { CaseBoard } from './CaseBoard.tsx';
import { CaseList } from './CaseList.tsx';
import { filtersFrom, paramsOf } from './filters.ts';
import { NewCaseDialog } from './NewCaseDialog.tsx';
import { usePoliciesOf } from './policies.ts';

const BOARD_FILTER = { status: ['open', 'resolved'], limit: 200 } as const;

export default function CasesPage() {
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const filters = filtersFrom(params);
  const { can } = useSession();
  const mayWrite = can('cases:write');
  const [creating, setCreating] = useState(false);
  const board = useCases({ status: [...BOARD_FILTER.status], limit: BOARD_FILTER.limit });
  const policiesOf = usePoliciesOf();
  const assignees = useAssignees();
  const setView = (v: string) => setParams(paramsOf(filters, v));

  const shortcuts = useMemo(
    () => [
      ...(mayWrite
        ? [{ keys: 'n', description: 'Open a new case', group: 'Cases', run: () => setCreating(true) }]
        : []),
      {
        keys: 'v',
        description: 'Switch between the board and the list',
        group: 'Cases',
        run: () => setParams((p) => paramsOf(filtersFrom(p), p.get('view') === 'list' ? 'board' : 'list')),
      },
    ],
    [mayWrite, setParams],
  );
  useShortcuts('cases', shortcuts);

  const nothingYet = view === 'board' && board.data?.total === 0;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Cases</Title>
        <Group>
          <SegmentedControl
            aria-label="View"
            value={view}
            onChange={setView}
            data={[
              { value: 'board', label: 'Board' },
              { value: 'list', label: 'List' },
            ]}
          />
          {mayWrite && (
            <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setCreating(true)}>
              New case
            </Button>
          )}
        </Group>
      </Group>
      {view === 'board' && (
        <Text size="sm" c="dimmed">
          Open cases by incident-response phase. Move a card with its menu, with <b>[</b> and <b>]</b> while
          it has focus, or by dragging it; closed cases are in the list.
        </Text>
      )}
      <ProblemAlert error={board.error} title="The cases could not be listed" />
      {nothingYet ? (
        <Empty
          title="No open cases"
          icon="cases"
          actions={
            <>
              {mayWrite && <Button onClick={() => setCreating(true)}>Open a case</Button>}
              <Button component={Link} to="/alerts" variant="light">
                Go to the alert queue
              </Button>
              <Button variant="subtle" onClick={() => setView('list')}>
                See closed cases
              </Button>
            </>
          }
        >
          A case gathers the alerts of one incident with its tasks, observables, evidence and SLA clocks.
          Escalate alerts from the alert queue, or open a case by hand.
        </Empty>
      ) : view === 'board' ? (
        board.data && <CaseBoard page={board.data} policiesOf={policiesOf} assignees={assignees} />
      ) : (
        <CaseList
          filters={filters}
          onFilters={(f) => setParams(paramsOf(f, 'list'))}
          policiesOf={policiesOf}
          assignees={assignees}
        />
      )}
      <NewCaseDialog opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
