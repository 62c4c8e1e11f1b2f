/** Event search through the API: results page by page, count, histogram, top values, store stats. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TimeRange } from '../pages/search/time-range.ts';
import { api } from './client.ts';
import type { Histogram, SearchResult, Stats, TopValues } from './types.ts';

export const PAGE_SIZE = 100;

export interface EventQuery {
  q: string;
  range: TimeRange;
}

const params = (e: EventQuery) => ({ q: e.q, from: e.range.from, to: e.range.to });

export function useEventSearch(e: EventQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['events', 'search', e.q, e.range.from, e.range.to],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<SearchResult>('/api/v1/events/search', {
        query: { ...params(e), limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export function useEventCount(e: EventQuery, enabled = true) {
  return useQuery({
    queryKey: ['events', 'count', e.q, e.range.from, e.range.to],
    queryFn: ({ signal }) => api<{ count: number }>('/api/v1/events/count', { query: params(e), signal }),
    enabled,
  });
}

export function useHistogram(e: EventQuery, enabled = true, buckets = 60) {
  return useQuery({
    queryKey: ['events', 'histogram', e.q, e.range.from, e.range.to, buckets],
    queryFn: ({ signal }) =>
      api<Histogram>('/api/v1/events/histogram', { query: { ...params(e), buckets }, signal }),
    enabled,
  });
}

export function useTopValues(e: EventQuery, field: string | null, limit = 5) {
  return useQuery({
    queryKey: ['events', 'top', e.q, e.range.from, e.range.to, field, limit],
    queryFn: ({ signal }) =>
      api<TopValues>('/api/v1/events/top', { query: { ...params(e), field: field ?? '', limit }, signal }),
    enabled: field !== null,
  });
}

export function useStats() {
  return useQuery({ queryKey: ['stats'], queryFn: () => api<Stats>('/api/v1/stats') });
}
