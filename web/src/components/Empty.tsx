/** An empty state that tells a new user what to do next. */
import { EmptyState, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Icon } from './icons.tsx';

export function Empty(props: { title: string; icon?: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <EmptyState
      title={props.title}
      icon={<Icon name={props.icon ?? 'search'} size={28} />}
      withIndicatorBackground
      py="xl"
    >
      {/* Not the `description` prop: that is a <p>, and the children may hold blocks. */}
      {props.children && (
        <Stack gap={6} align="center" ta="center" c="dimmed" fz="sm">
          {props.children}
        </Stack>
      )}
      {props.actions && <EmptyState.Actions>{props.actions}</EmptyState.Actions>}
    </EmptyState>
  );
}
