/**
 * An event as JSON, one field per line in key order, with the given fields highlighted (the
 * fields a rule matched, or those of a filter).
 */
import { Box, Mark } from '@mantine/core';
import { CodeBlock } from './CodeBlock.tsx';

export function JsonView({
  value,
  highlight = [],
}: {
  value: Record<string, unknown>;
  highlight?: string[];
}) {
  const marked = new Set(highlight);
  const keys = Object.keys(value).sort();
  return (
    <CodeBlock label="Event JSON" maxHeight={480}>
      {'{\n'}
      {keys.map((k, i) => {
        const line = `  ${JSON.stringify(k)}: ${JSON.stringify(value[k])}${i < keys.length - 1 ? ',' : ''}`;
        return (
          <Box
            component="span"
            key={k}
            display="block"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {marked.has(k) ? (
              <Mark color="yellow" data-matched-field={k}>
                {line}
              </Mark>
            ) : (
              line
            )}
          </Box>
        );
      })}
      {'}'}
    </CodeBlock>
  );
}
