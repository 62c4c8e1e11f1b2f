/** `vigil search QUERY`: through the running server, or straight from the event store file. */
import type { Command } from 'commander';
import { dataPaths } from '../../app/index.ts';
import type { VigilEvent } from '../../core/event.ts';
import { resolveTimeRange } from '../../core/time-range.ts';
import { parseQuery } from '../../hunt/index.ts';
import { openEventStore, type SearchResult } from '../../store/events/index.ts';
import { commandContext, err, type GlobalFlags, out } from '../context.ts';
import { findRemote } from '../remote.ts';

interface SearchFlags {
  from: string;
  to: string;
  limit: number;
  json?: boolean;
  count?: boolean;
  top?: string;
  sort: 'asc' | 'desc';
  cursor?: string;
}

export function searchCommand(program: Command): void {
  program
    .command('search')
    .argument('[query]', "e.g. 'event.code:4625 source.ip:203.0.113.0/24' (empty: everything)", '')
    .description('search stored events')
    .option('--from <time>', 'start: ISO 8601, epoch, now-15m, 7d …', 'now-24h')
    .option('--to <time>', 'end', 'now')
    .option('--limit <n>', 'most events to print', Number, 20)
    .option('--sort <order>', 'asc or desc by @timestamp', 'desc')
    .option('--cursor <c>', 'continue after a previous page')
    .option('--count', 'print only the number of matching events')
    .option('--top <field>', 'print the most frequent values of a field')
    .option('--json', 'print events as NDJSON')
    .action(async (query: string, flags: SearchFlags) => {
      const { config } = commandContext(program.opts<GlobalFlags>());
      parseQuery(query);
      const remote = findRemote(config.dataDir);
      const params = new URLSearchParams({ q: query, from: flags.from, to: flags.to });
      if (remote) {
        if (flags.count) {
          out(
            String((await remote.request<{ count: number }>('GET', `/api/v1/events/count?${params}`)).count),
          );
        } else if (flags.top) {
          params.set('field', flags.top);
          params.set('limit', String(flags.limit));
          const r = await remote.request<{ values: { value: unknown; count: number }[] }>(
            'GET',
            `/api/v1/events/top?${params}`,
          );
          for (const v of r.values) out(`${String(v.count).padStart(10)}  ${String(v.value)}`);
        } else {
          params.set('limit', String(flags.limit));
          params.set('sort', flags.sort);
          if (flags.cursor) params.set('cursor', flags.cursor);
          print(await remote.request<SearchResult>('GET', `/api/v1/events/search?${params}`), flags);
        }
        return;
      }
      const store = await openEventStore({
        path: dataPaths(config.dataDir).events,
        retentionDays: config.store.retentionDays,
        maxScanRows: config.store.maxScanRows,
        queryTimeoutMs: config.store.queryTimeoutMs,
      });
      try {
        const req = {
          tenants: [config.tenant],
          ...resolveTimeRange(flags.from, flags.to),
          query: parseQuery(query),
        };
        if (flags.count) out(String(await store.count(req)));
        else if (flags.top) {
          for (const v of await store.topValues(req, flags.top, flags.limit))
            out(`${String(v.count).padStart(10)}  ${String(v.value)}`);
        } else {
          print(
            await store.search({
              ...req,
              limit: flags.limit,
              sort: flags.sort,
              ...(flags.cursor ? { cursor: flags.cursor } : {}),
            }),
            flags,
          );
        }
      } finally {
        await store.close();
      }
    });
}

function print(r: SearchResult, flags: SearchFlags): void {
  for (const e of r.events) out(flags.json ? JSON.stringify(e) : summary(e));
  if (r.nextCursor) err(`more: --cursor ${r.nextCursor}`);
  if (!flags.json) err(`${r.events.length} events in ${r.tookMs} ms`);
}

export function summary(e: VigilEvent): string {
  const s = (k: string) => (e[k] === undefined || e[k] === null ? '' : String(e[k]));
  const what = s('message') || s('event.action') || s('event.original');
  const host = s('host.name') || s('host.hostname') || s('source.ip');
  return `${s('@timestamp')}  ${s('vigil.source').padEnd(14)} ${host.padEnd(16)} ${what.replace(/\s+/g, ' ').slice(0, 160)}`;
}
