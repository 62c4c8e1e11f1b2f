/**
 * A block of code that may scroll (an event's JSON, a rule's YAML): a labelled region that takes
 * focus, so keyboard users can scroll it too.
 */
import { Code } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

export function CodeBlock(props: {
  label: string;
  children: ReactNode;
  maxHeight?: number;
  style?: CSSProperties;
}) {
  return (
    <Code
      block
      role="region"
      aria-label={props.label}
      tabIndex={0}
      style={{ maxHeight: props.maxHeight ?? 520, overflow: 'auto', ...props.style }}
    >
      {props.children}
    </Code>
  );
}
