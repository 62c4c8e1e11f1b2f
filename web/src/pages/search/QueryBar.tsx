/**
 * The query field: Vigil's search language, checked as you type with the server's own parser;
 * a problem is shown under the field with its column, and Enter runs only a valid query.
 * `/` focuses it from anywhere on the page.
 */
import { Button, Group, Text, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { Icon } from '../../components/icons.tsx';
import { checkQuery } from './query-check.ts';

export interface QueryBarProps {
  value: string;
  onSubmit: (text: string) => void;
  /** Shown right of the field, before the button (the time picker). */
  children?: ReactNode;
  placeholder?: string;
}

export function QueryBar({ value, onSubmit, children, placeholder }: QueryBarProps) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const problem = checkQuery(text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) onSubmit(text.trim());
  };
  return (
    <search>
      <form onSubmit={submit} aria-label="Search events">
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            flex={1}
            label="Query"
            labelProps={{ className: 'mantine-visually-hidden' }}
            data-shortcut-focus
            leftSection={<Icon name="search" size={16} />}
            placeholder={
              placeholder ?? 'e.g. event.code:4625 source.ip:10.0.0.0/8 -user.name:svc_*   (press / to focus)'
            }
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={
              problem ? (
                <QueryError text={text} column={problem.column} message={problem.message} />
              ) : undefined
            }
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            spellCheck={false}
            autoComplete="off"
          />
          {children}
          <Button type="submit" disabled={problem !== null}>
            Search
          </Button>
        </Group>
      </form>
    </search>
  );
}

/** The problem and where it is: the text up to the column, with a caret under it. */
function QueryError({ text, column, message }: { text: string; column: number; message: string }) {
  const start = Math.max(0, column - 30);
  const shown = text.slice(start, column + 20);
  return (
    <span data-query-error>
      <Text span size="xs" inherit>
        {message} (column {column})
      </Text>
      {text.length > 0 && (
        <Text
          span
          display="block"
          mt={4}
          ff="monospace"
          fz={11}
          aria-hidden="true"
          style={{ whiteSpace: 'pre', overflow: 'hidden' }}
        >
          {`${shown}\n${' '.repeat(column - 1 - start)}^`}
        </Text>
      )}
    </span>
  );
}
