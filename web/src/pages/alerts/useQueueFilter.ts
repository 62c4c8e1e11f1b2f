/** The queue's filter as React state kept in the URL (see queue-filter.ts). */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { filterFromParams, filterToParams, type QueueFilter } from './queue-filter.ts';

export function useQueueFilter(): [QueueFilter, (change: Partial<QueueFilter> | QueueFilter) => void] {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const update = useCallback(
    (change: Partial<QueueFilter>) =>
      setParams((prev) => filterToParams({ ...filterFromParams(prev), ...change }), { replace: true }),
    [setParams],
  );
  return [filter, update];
}
