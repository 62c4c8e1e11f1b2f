/** Saved views of the queue: pick one (yours and those shared with the tenant), save the current filter, delete yours. */
import { ActionIcon, Button, Group, Modal, Select, Stack, Switch, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useDeleteView, useSavedViews, useSaveView } from '../../api/alerts.ts';
import { useSession } from '../../api/session.tsx';
import { Icon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { filterFromView, type QueueFilter, sameFilter, viewQueryOf } from './queue-filter.ts';

export function SavedViews(props: { filter: QueueFilter; onApply: (f: QueueFilter) => void }) {
  const views = useSavedViews();
  const save = useSaveView();
  const remove = useDeleteView();
  const { session } = useSession();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const items = views.data?.items ?? [];
  const current = items.find((v) => sameFilter(filterFromView(v.query), props.filter)) ?? null;
  const mine = current !== null && current.ownerId === session?.id;
  return (
    <Group align="flex-end" gap="xs">
      <Select
        label="Saved view"
        placeholder={items.length === 0 ? 'No saved views' : 'Choose a view'}
        data={items.map((v) => ({ value: v.id, label: v.shared ? `${v.name} (shared)` : v.name }))}
        value={current?.id ?? null}
        onChange={(id) => {
          const v = items.find((x) => x.id === id);
          if (v) props.onApply(filterFromView(v.query));
        }}
        w={220}
        searchable
      />
      <Button
        variant="default"
        onClick={() => {
          setName('');
          setShared(false);
          save.reset();
          setOpen(true);
        }}
      >
        Save view
      </Button>
      {mine && current && (
        <Tooltip label={`Delete the view ${current.name}`}>
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Delete the view ${current.name}`}
            onClick={() => remove.mutate(current.id)}
          >
            <Icon name="close" />
          </ActionIcon>
        </Tooltip>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="Save this view of the queue">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            save.mutate(
              { name: name.trim(), query: viewQueryOf(props.filter), shared },
              { onSuccess: () => setOpen(false) },
            );
          }}
        >
          <Stack gap="sm">
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              data-autofocus
            />
            <Switch
              label="Share with everyone in the tenant"
              checked={shared}
              onChange={(e) => setShared(e.currentTarget.checked)}
            />
            <ProblemAlert error={save.error} title="The view could not be saved" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ProblemAlert error={views.error ?? remove.error} title="Saved views" />
    </Group>
  );
}
