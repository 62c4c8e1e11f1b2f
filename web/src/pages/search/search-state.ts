/**
 * The search's state lives in the URL (shareable, back/forward work): `q` the query text,
 * `from`/`to` the range, `f` the filters, `cols` the table's columns.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { decodeFilters, encodeFilters, type Filter } from './filters.ts';
import { DEFAULT_RANGE, type TimeRange } from './time-range.ts';

export const DEFAULT_COLUMNS = ['event.dataset', 'host.name', 'user.name', 'source.ip', 'message'];

export interface SearchState {
  text: string;
  range: TimeRange;
  filters: Filter[];
  columns: string[];
}

export function useSearchState(): [SearchState, (change: Partial<SearchState>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo<SearchState>(
    () => ({
      text: params.get('q') ?? '',
      range: { from: params.get('from') ?? DEFAULT_RANGE.from, to: params.get('to') ?? DEFAULT_RANGE.to },
      filters: decodeFilters(params.get('f')),
      columns: params.get('cols')?.split(',').filter(Boolean) ?? DEFAULT_COLUMNS,
    }),
    [params],
  );
  const update = useCallback(
    (change: Partial<SearchState>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        const set = (k: string, v: string, dflt = '') => (v && v !== dflt ? next.set(k, v) : next.delete(k));
        if (change.text !== undefined) set('q', change.text);
        if (change.range) {
          set('from', change.range.from, DEFAULT_RANGE.from);
          set('to', change.range.to, DEFAULT_RANGE.to);
        }
        if (change.filters) set('f', encodeFilters(change.filters));
        if (change.columns) set('cols', change.columns.join(','), DEFAULT_COLUMNS.join(','));
        return next;
      });
    },
    [setParams],
  );
  return [state, update];
}
