/**
 * The console's keyboard: one keydown listener that runs the registered shortcuts (global ones
 * here, page ones through `useShortcuts`), ignoring presses made while typing. `?` opens the help
 * overlay, `/` focuses the page's search field (any element marked `data-shortcut-focus`),
 * `g` then a letter goes to a section.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useNavigate } from 'react-router-dom';
import { SECTIONS } from '../app/sections.ts';
import { HelpOverlay } from './HelpOverlay.tsx';
import { isTyping, keyOf, SequenceMatcher, type Shortcut } from './keys.ts';

interface KeyboardContextValue {
  register(id: string, shortcuts: Shortcut[]): void;
  unregister(id: string): void;
  openHelp(): void;
}

const KeyboardContext = createContext<KeyboardContextValue>({
  register: () => {},
  unregister: () => {},
  openHelp: () => {},
});

export function focusSearchField(): boolean {
  const el = document.querySelector<HTMLElement>('[data-shortcut-focus]');
  if (!el) return false;
  el.focus();
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.select();
  return true;
}

export function KeyboardProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [helpOpen, setHelpOpen] = useState(false);
  const pages = useRef(new Map<string, Shortcut[]>());
  const [, setVersion] = useState(0);
  const matcher = useRef(new SequenceMatcher());

  const global = useMemo<Shortcut[]>(
    () => [
      { keys: '?', description: 'Show keyboard shortcuts', group: 'Global', run: () => setHelpOpen(true) },
      {
        keys: '/',
        description: 'Focus the search field',
        group: 'Global',
        run: () => void focusSearchField(),
      },
      ...SECTIONS.map((s) => ({
        keys: `g ${s.key}`,
        description: `Go to ${s.label}`,
        group: 'Navigation',
        run: () => navigate(s.path),
      })),
    ],
    [navigate],
  );

  const all = useCallback(() => [...global, ...[...pages.current.values()].flat()], [global]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const key = keyOf(e);
      if (key === null) return;
      if (isTyping(e.target)) {
        if (key === 'Escape' && e.target instanceof HTMLElement) e.target.blur();
        return;
      }
      const hit = matcher.current.press(key, all(), Date.now());
      if (hit || matcher.current.waiting) e.preventDefault();
      hit?.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [all]);

  const value = useMemo<KeyboardContextValue>(
    () => ({
      register: (id, shortcuts) => {
        pages.current.set(id, shortcuts);
        setVersion((v) => v + 1);
      },
      unregister: (id) => {
        pages.current.delete(id);
        setVersion((v) => v + 1);
      },
      openHelp: () => setHelpOpen(true),
    }),
    [],
  );

  return (
    <KeyboardContext.Provider value={value}>
      {children}
      <HelpOverlay opened={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={all()} />
    </KeyboardContext.Provider>
  );
}

/** Registers a page's shortcuts while it is shown. `shortcuts` should be memoized. */
export function useShortcuts(id: string, shortcuts: Shortcut[]): void {
  const { register, unregister } = useContext(KeyboardContext);
  useEffect(() => {
    register(id, shortcuts);
    return () => unregister(id);
  }, [id, shortcuts, register, unregister]);
}

export function useKeyboardHelp(): () => void {
  return useContext(KeyboardContext).openHelp;
}
