export { decodeEntry, encodeBatch, encodeRejection, type JournalEntry } from './entry.ts';
export type { Finding, HookFactory, PipelineHooks } from './hooks.ts';
export { comparePositions, type JournalPosition, JournalReader, JournalWriter } from './journal.ts';
export type { StoreMethod } from './messages.ts';
export { Pipeline, type PipelineOptions } from './pipeline.ts';
export { eventId, type Processed, processRecords } from './processor.ts';
export type { IngestSink, RawBatch, RawRejection } from './sink.ts';
