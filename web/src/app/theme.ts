/** Mantine theme: dark by default (the choice is kept in localStorage), readable dimmed text in both schemes. */
import { type CSSVariablesResolver, createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on filled controls and blue links on white above WCAG AA (4.5:1).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
  cursorType: 'pointer',
  // autoContrast picks dark text on fills lighter than this (orange, green, yellow, teal, gray
  // badges), white on darker ones: both above 4.5:1.
  luminanceThreshold: 0.2,
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'vigil.color-scheme' });

/** Mantine's default dimmed gray is too light on white for WCAG AA contrast; these pass. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
