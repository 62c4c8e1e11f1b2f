/** The pipeline's options from the configuration: one place for the server and the CLI's local ingest. */
import { resolve } from 'node:path';
import type { VigilConfig } from '../config/index.ts';
import type { Logger, Metrics } from '../ops/index.ts';
import type { PipelineOptions } from '../pipeline/index.ts';
import { dataPaths } from './paths.ts';

/** Vigil's own starter rules, shipped in the repository. */
export const STARTER_RULES = resolve(import.meta.dirname, '..', '..', 'rules', 'starter');

export function pipelineOptions(
  config: VigilConfig,
  logger: Logger,
  metrics: Metrics,
  onFindings: PipelineOptions['onFindings'],
  hookModules: string[] = [],
): PipelineOptions {
  const paths = dataPaths(config.dataDir);
  return {
    journalDir: paths.journal,
    storePath: paths.events,
    dataDir: paths.root,
    retentionDays: config.store.retentionDays,
    maxScanRows: config.store.maxScanRows,
    queryTimeoutMs: config.store.queryTimeoutMs,
    assumeTimeZone: config.ingest.assumeTimeZone,
    batchMaxRecords: config.pipeline.batchMaxRecords,
    batchMaxBytes: config.pipeline.batchMaxBytes,
    hookModules,
    // The rules come from the state store (see `startRulePipeline` in rules.ts), not from folders.
    detect: null,
    segmentBytes: config.ingest.journalSegmentBytes,
    maxBacklogBytes: config.ingest.maxBacklogBytes,
    logger,
    metrics,
    onFindings,
  };
}
