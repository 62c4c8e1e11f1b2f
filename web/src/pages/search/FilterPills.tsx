/** The active filters as pills: click to invert (include/exclude), × to remove. */
import { Badge, CloseButton, Group, UnstyledButton } from '@mantine/core';
import { valueText } from '../../lib/format.ts';
import type { Filter } from './filters.ts';

export function FilterPills(props: {
  filters: Filter[];
  onInvert: (f: Filter) => void;
  onRemove: (f: Filter) => void;
}) {
  if (props.filters.length === 0) return null;
  return (
    <Group gap={6} aria-label="Filters" role="list">
      {props.filters.map((f) => {
        const text = `${f.negate ? 'NOT ' : ''}${f.field}: ${f.value === null ? '(missing)' : valueText(f.value)}`;
        return (
          <Badge
            key={`${f.field}=${String(f.value)}`}
            role="listitem"
            size="lg"
            variant="light"
            color={f.negate ? 'red' : 'blue'}
            tt="none"
            rightSection={
              <CloseButton size="xs" aria-label={`Remove filter ${text}`} onClick={() => props.onRemove(f)} />
            }
          >
            <UnstyledButton
              fz="sm"
              onClick={() => props.onInvert(f)}
              title={f.negate ? 'Click to include instead' : 'Click to exclude instead'}
              data-filter={text}
            >
              {text}
            </UnstyledButton>
          </Badge>
        );
      })}
    </Group>
  );
}
