/** The keyboard framework's surface. */
export { focusSearchField, KeyboardProvider, useKeyboardHelp, useShortcuts } from './KeyboardProvider.tsx';
export { isTyping, keyOf, SequenceMatcher, type Shortcut } from './keys.ts';
