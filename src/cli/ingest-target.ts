/**
 * Where `vigil ingest` and `vigil demo` send events: the running server (over its API) when
 * there is one, else an in-process pipeline on the data directory. Either way, `finish()`
 * resolves once every event is durable (and, locally, stored).
 */

import { checkConfig, dataPaths } from '../app/index.ts';
import { startRulePipeline } from '../app/rules.ts';
import type { VigilConfig } from '../config/index.ts';
import { VigilError } from '../core/errors.ts';
import { declaredDataset, type Format } from '../core/event.ts';
import { createMetrics, type Logger } from '../ops/index.ts';
import { openStateDb } from '../store/state/index.ts';
import { createAlertIntake } from '../workflow/index.ts';
import { findRemote } from './remote.ts';

export interface IngestTarget {
  where: string;
  /** `dataset`: what the events are, declared (see `DATASET_PATTERN`). */
  send(source: string, format: Format, events: string[], dataset?: string): Promise<void>;
  finish(): Promise<void>;
}

export async function openIngestTarget(config: VigilConfig, logger: Logger): Promise<IngestTarget> {
  checkConfig(config);
  const remote = findRemote(config.dataDir);
  if (remote) {
    return {
      where: `the running server at ${remote.url}`,
      async send(source, format, events, dataset) {
        const body = events.join('\n');
        const declared = dataset === undefined ? '' : `&dataset=${encodeURIComponent(dataset)}`;
        for (let attempt = 0; ; attempt++) {
          try {
            await remote.request(
              'POST',
              `/api/v1/ingest?format=${format}&source=${encodeURIComponent(source)}${declared}`,
              body,
              'application/x-ndjson',
            );
            return;
          } catch (e) {
            if (!(e instanceof VigilError) || e.code !== 'overloaded' || attempt > 60) throw e;
            await new Promise((r) => setTimeout(r, (e.retryAfter ?? 1) * 1000));
          }
        }
      },
      finish: async () => undefined,
    };
  }
  const db = await openStateDb({ path: dataPaths(config.dataDir).state });
  // No server runs: alerts are grouped here, with no live subscribers to tell.
  const intake = createAlertIntake(db, config.alerts, null);
  const { pipeline } = await startRulePipeline(db, config, logger, createMetrics(), async (findings) => {
    await intake(findings);
  });
  return {
    where: `the data directory ${config.dataDir}`,
    async send(source, format, events, dataset) {
      for (;;) {
        if (pipeline.accepting) break;
        await new Promise<void>((r) => {
          const off = pipeline.onAccepting(() => {
            off();
            r();
          });
        });
      }
      await pipeline.submit({
        source,
        tenant: config.tenant,
        format,
        received: Date.now(),
        events,
        meta: {
          'observer.ingress.transport': 'file',
          ...(dataset === undefined ? {} : declaredDataset(dataset)),
        },
      });
    },
    async finish() {
      await pipeline.drained();
      await pipeline.close();
      await db.destroy();
    },
  };
}
