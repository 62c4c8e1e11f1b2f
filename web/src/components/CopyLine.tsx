/** A command or secret to copy: shown as code, with a copy button that says when it copied. */
import { ActionIcon, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { Icon } from './icons.tsx';

export function CopyLine({ label, value, block = false }: { label: string; value: string; block?: boolean }) {
  return (
    <div>
      <Group justify="space-between" gap="xs" mb={2} wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon variant="subtle" onClick={copy} aria-label={`Copy ${label}`}>
                <Icon name="copy" size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Code block={block} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {value}
      </Code>
    </div>
  );
}
