/** `vigil dead-letters`: what could not be parsed or accepted, with the reason and the raw text. */
import type { Command } from 'commander';
import { dataPaths } from '../../app/index.ts';
import { openEventStore } from '../../store/events/index.ts';
import { commandContext, type GlobalFlags, out } from '../context.ts';
import { findRemote } from '../remote.ts';

interface Item {
  id: string;
  received: string;
  source: string;
  reason: string;
  raw: string;
  rawBase64: string;
}

export function deadLettersCommand(program: Command): void {
  program
    .command('dead-letters')
    .description('list rejected input (newest first) with the reason and the raw bytes')
    .option('--limit <n>', 'how many', Number, 50)
    .option('--json', 'print NDJSON (raw as text and base64)')
    .action(async (opts: { limit: number; json?: boolean }) => {
      const { config } = commandContext(program.opts<GlobalFlags>());
      const remote = findRemote(config.dataDir);
      let items: Item[];
      if (remote) {
        items = (await remote.request<{ items: Item[] }>('GET', `/api/v1/dead-letters?limit=${opts.limit}`))
          .items;
      } else {
        const store = await openEventStore({
          path: dataPaths(config.dataDir).events,
          retentionDays: config.store.retentionDays,
        });
        try {
          const page = await store.deadLetters({ tenants: [config.tenant], limit: opts.limit });
          // The same shape as GET /api/v1/dead-letters, so scripts see one format either way.
          items = page.items.map((d) => {
            const raw = Buffer.from(d.raw);
            return {
              id: d.id,
              received: d.received,
              source: d.source,
              reason: d.reason,
              raw: raw.toString('utf8'),
              rawBase64: raw.toString('base64'),
            };
          });
        } finally {
          await store.close();
        }
      }
      for (const d of items) {
        out(
          opts.json
            ? JSON.stringify(d)
            : `${d.received}  ${d.source}  ${d.reason}\n    ${d.raw.slice(0, 200).replace(/\s+/g, ' ')}`,
        );
      }
    });
}
