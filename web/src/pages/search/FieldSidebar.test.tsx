// @vitest-environment happy-dom
/**
 * The field sidebar: fields of the events on screen, top values of one over the whole search, and
 * "filter for" / "filter out" making the query the search then runs.
 */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderWithApp } from '../../test/render.tsx';
import { FieldSidebar, fieldPresence } from './FieldSidebar.tsx';
import { addFilter, composeQuery, type Filter } from './filters.ts';

const EVENTS = [
  { '@timestamp': '2026-01-05T10:00:00Z', 'event.dataset': 'zeek.conn', 'source.ip': '10.0.0.5' },
  { '@timestamp': '2026-01-05T10:01:00Z', 'event.dataset': 'zeek.dns', 'source.ip': null },
];

let fetched: ReturnType<typeof fakeFetch>;
beforeEach(() => {
  fetched = fakeFetch({
    '/api/v1/events/top': {
      field: 'event.dataset',
      values: [
        { value: 'zeek.conn', count: 70 },
        { value: 'zeek.dns', count: 30 },
      ],
    },
  });
  vi.stubGlobal('fetch', fetched.fn);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The sidebar inside a search that keeps its filters and shows the query it would run. */
function Search() {
  const [filters, setFilters] = useState<Filter[]>([]);
  return (
    <>
      <output aria-label="query">{composeQuery('event.category:network', filters)}</output>
      <FieldSidebar
        events={EVENTS}
        query={{ q: 'event.category:network', range: { from: 'now-24h', to: 'now' } }}
        columns={['event.dataset']}
        onFilter={(field, value, negate) => setFilters((f) => addFilter(f, { field, value, negate }))}
        onToggleColumn={() => {}}
      />
    </>
  );
}

describe('FieldSidebar', () => {
  it('counts the events having each field, most common first', () => {
    expect(fieldPresence(EVENTS)).toEqual([
      { field: '@timestamp', count: 2 },
      { field: 'event.dataset', count: 2 },
      { field: 'source.ip', count: 1 },
    ]);
  });

  it('asks for the top values of a field within the search', async () => {
    renderWithApp(<Search />);
    fireEvent.click(screen.getByRole('button', { name: 'Top values of event.dataset' }));
    await screen.findByRole('button', { name: 'Filter for event.dataset: zeek.conn' });
    const url = new URL(fetched.calls[0]!.url, 'http://x');
    expect(url.pathname).toBe('/api/v1/events/top');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      field: 'event.dataset',
      q: 'event.category:network',
      from: 'now-24h',
      to: 'now',
    });
  });

  it('"filter for" adds an exact term, "filter out" on the same value turns it into an exclusion', async () => {
    renderWithApp(<Search />);
    fireEvent.click(screen.getByRole('button', { name: 'Top values of event.dataset' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Filter for event.dataset: zeek.conn' }));
    const query = screen.getByRole('status', { name: 'query' });
    expect(query.textContent).toBe('(event.category:network) event.dataset:"zeek.conn"');
    fireEvent.click(screen.getByRole('button', { name: 'Filter out event.dataset: zeek.conn' }));
    expect(query.textContent).toBe('(event.category:network) -event.dataset:"zeek.conn"');
    fireEvent.click(screen.getByRole('button', { name: 'Filter out event.dataset: zeek.dns' }));
    expect(query.textContent).toBe(
      '(event.category:network) -event.dataset:"zeek.conn" -event.dataset:"zeek.dns"',
    );
  });

  it('narrows the field list as you type', () => {
    renderWithApp(<Search />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Find a field' }), { target: { value: 'ip' } });
    expect(screen.queryByRole('button', { name: 'Top values of source.ip' })).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Top values of event.dataset' })).toBeNull();
  });
});
